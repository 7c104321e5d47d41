; EXPECT: correct
; WHY: llvm.maximum(-0.0, +0.0) is +0.0

declare double @llvm.maximum.f64(double, double)

define double @src() {
  %r = call double @llvm.maximum.f64(double -0.0, double 0.0)
  ret double %r
}

define double @tgt() {
  ret double 0.0
}
