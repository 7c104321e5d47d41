; EXPECT: correct
; WHY: fabs clears the sign bit whatever fneg set it to

declare double @llvm.fabs.f64(double)

define double @src(double %x) {
  %n = fneg double %x
  %r = call double @llvm.fabs.f64(double %n)
  ret double %r
}

define double @tgt(double %x) {
  %r = call double @llvm.fabs.f64(double %x)
  ret double %r
}
