; EXPECT: correct
; WHY: FP is outside the first wave (later: x + -0.0 is x, NaN may propagate unchanged)

define double @src(double %x) {
  %r = fadd double %x, -0.0
  ret double %r
}

define double @tgt(double %x) {
  ret double %x
}
