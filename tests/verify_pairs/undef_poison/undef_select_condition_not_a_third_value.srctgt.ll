; EXPECT: semantic_error value_mismatch
; WHY: select on undef yields one of its arms, never an unrelated constant

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %ox = or i32 %x, 1
  %oy = or i32 %y, 1
  %r = select i1 undef, i32 %ox, i32 %oy
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  ret i32 0
}
