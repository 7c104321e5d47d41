; EXPECT: semantic_error value_mismatch
; WHY: fabs clears the sign bit of negative values

declare double @llvm.fabs.f64(double)

define double @src(double noundef %x) {
  %r = call double @llvm.fabs.f64(double %x)
  ret double %r
}

define double @tgt(double noundef %x) {
  ret double %x
}
