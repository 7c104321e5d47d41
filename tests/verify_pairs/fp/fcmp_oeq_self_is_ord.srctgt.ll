; EXPECT: correct
; WHY: x == x holds exactly for non-NaN x, i.e. ord x, 0.0

define i1 @src(double noundef %x) {
  %r = fcmp oeq double %x, %x
  ret i1 %r
}

define i1 @tgt(double noundef %x) {
  %r = fcmp ord double %x, 0.0
  ret i1 %r
}
