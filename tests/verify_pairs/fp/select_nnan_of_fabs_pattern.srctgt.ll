; EXPECT: correct
; WHY: select nnan is poison when the chosen value is NaN; otherwise x <= 0 ? 0 - x : x is fabs (Alive2 fp/select-nnan)

declare double @llvm.fabs.f64(double)

define double @src(double %x) {
  %c = fcmp ole double %x, 0.0
  %n = fsub nnan double 0.0, %x
  %r = select nnan i1 %c, double %n, double %x
  ret double %r
}

define double @tgt(double %x) {
  %r = call nnan double @llvm.fabs.f64(double %x)
  ret double %r
}
