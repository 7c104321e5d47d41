; EXPECT: correct
; WHY: fcmp olt x, y == fcmp ogt y, x (both false on NaN)

define i1 @src(double %x, double %y) {
  %r = fcmp olt double %x, %y
  ret i1 %r
}

define i1 @tgt(double %x, double %y) {
  %r = fcmp ogt double %y, %x
  ret i1 %r
}
