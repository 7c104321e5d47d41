; EXPECT: semantic_error target_more_poisonous
; WHY: fcmp nnan is poison on a NaN operand

define i1 @src(double noundef %x, double noundef %y) {
  %r = fcmp olt double %x, %y
  ret i1 %r
}

define i1 @tgt(double noundef %x, double noundef %y) {
  %r = fcmp nnan olt double %x, %y
  ret i1 %r
}
