; EXPECT: semantic_error value_mismatch
; WHY: ord is false when an operand is NaN

define i1 @src(half noundef %x, half noundef %y) {
  %r = fcmp ord half %x, %y
  ret i1 %r
}

define i1 @tgt(half noundef %x, half noundef %y) {
  ret i1 true
}
