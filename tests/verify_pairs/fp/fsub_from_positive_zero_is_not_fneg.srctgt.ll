; EXPECT: semantic_error value_mismatch
; WHY: 0.0 - 0.0 is +0.0 but fneg 0.0 is -0.0

define double @src(double noundef %x) {
  %r = fsub double 0.0, %x
  ret double %r
}

define double @tgt(double noundef %x) {
  %r = fneg double %x
  ret double %r
}
