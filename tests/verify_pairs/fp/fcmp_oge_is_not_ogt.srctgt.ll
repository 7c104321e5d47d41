; EXPECT: semantic_error value_mismatch
; WHY: oge and ogt differ when the operands are equal

define i1 @src(double noundef %x, double noundef %y) {
  %r = fcmp oge double %x, %y
  ret i1 %r
}

define i1 @tgt(double noundef %x, double noundef %y) {
  %r = fcmp ogt double %x, %y
  ret i1 %r
}
