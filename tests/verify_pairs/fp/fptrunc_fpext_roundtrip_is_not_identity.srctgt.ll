; EXPECT: semantic_error value_mismatch
; WHY: double -> float rounds (0.1 is not a float)

define double @src(double noundef %x) {
  %f = fptrunc double %x to float
  %r = fpext float %f to double
  ret double %r
}

define double @tgt(double noundef %x) {
  ret double %x
}
