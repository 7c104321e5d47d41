; EXPECT: semantic_error value_mismatch
; WHY: udiv and sdiv differ on negative dividends (-2 /u 2 = 0x7fffffff, -2 /s 2 = -1)

define i32 @src(i32 noundef %x) {
  %r = udiv i32 %x, 2
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = sdiv i32 %x, 2
  ret i32 %r
}
