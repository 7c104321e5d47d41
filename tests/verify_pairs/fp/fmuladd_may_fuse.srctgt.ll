; EXPECT: correct
; WHY: fmuladd may or may not round between the multiply and the add; fma is one allowed outcome

declare double @llvm.fmuladd.f64(double, double, double)
declare double @llvm.fma.f64(double, double, double)

define double @src(double noundef %a, double noundef %b, double noundef %c) {
  %r = call double @llvm.fmuladd.f64(double %a, double %b, double %c)
  ret double %r
}

define double @tgt(double noundef %a, double noundef %b, double noundef %c) {
  %r = call double @llvm.fma.f64(double %a, double %b, double %c)
  ret double %r
}
