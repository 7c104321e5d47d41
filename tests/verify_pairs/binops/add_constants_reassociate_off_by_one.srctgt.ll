; EXPECT: semantic_error value_mismatch
; WHY: (x + 3) + 4 is x + 7, not x + 8

define i32 @src(i32 noundef %x) {
  %a = add i32 %x, 3
  %r = add i32 %a, 4
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = add i32 %x, 8
  ret i32 %r
}
