; EXPECT: semantic_error value_mismatch
; WHY: (x /u 3) * 3 drops the remainder (x = 1 gives 0)

define i32 @src(i32 noundef %x) {
  %d = udiv i32 %x, 3
  %r = mul i32 %d, 3
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
