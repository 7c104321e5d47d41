; EXPECT: semantic_error value_mismatch
; WHY: -4 /s 2 is -2, -4 /u 2 is 0x7ffffffe

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = sdiv i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = udiv i32 %x, %y
  ret i32 %r
}
