; EXPECT: inconclusive unsupported
; WHY: FP is outside the first wave (later: x * 2.0 and x + x round the same exact value)
; WAVE: 2
; EXPECT-WAVE2: correct

define double @src(double %x) {
  %r = fmul double %x, 2.0
  ret double %r
}

define double @tgt(double %x) {
  %r = fadd double %x, %x
  ret double %r
}
