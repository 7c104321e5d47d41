; EXPECT: semantic_error value_mismatch
; WHY: floor(-0.5) is -1.0, trunc(-0.5) is -0.0

declare double @llvm.floor.f64(double)
declare double @llvm.trunc.f64(double)

define double @src(double noundef %x) {
  %r = call double @llvm.floor.f64(double %x)
  ret double %r
}

define double @tgt(double noundef %x) {
  %r = call double @llvm.trunc.f64(double %x)
  ret double %r
}
