; EXPECT: semantic_error value_mismatch
; WHY: one is false on NaN operands, une is true

define i1 @src(double noundef %x, double noundef %y) {
  %r = fcmp one double %x, %y
  ret i1 %r
}

define i1 @tgt(double noundef %x, double noundef %y) {
  %r = fcmp une double %x, %y
  ret i1 %r
}
