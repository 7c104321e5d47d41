; EXPECT: semantic_error value_mismatch
; WHY: x | 1 differs from x + 1 for odd x

define i32 @src(i32 noundef %x) {
  %r = or i32 %x, 1
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = add i32 %x, 1
  ret i32 %r
}
