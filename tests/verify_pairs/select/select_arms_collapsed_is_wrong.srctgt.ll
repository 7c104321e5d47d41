; EXPECT: semantic_error value_mismatch
; WHY: select c, x, y is not x when c is false and y != x

define i32 @src(i1 noundef %c, i32 noundef %x, i32 noundef %y) {
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i1 noundef %c, i32 noundef %x, i32 noundef %y) {
  ret i32 %x
}
