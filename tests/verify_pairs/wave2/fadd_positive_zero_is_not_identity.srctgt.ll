; EXPECT: inconclusive unsupported
; WHY: FP is outside the first wave (later: -0.0 + 0.0 is +0.0, so x + 0.0 is not x)
; WAVE: 2
; EXPECT-WAVE2: semantic_error value_mismatch

define float @src(float %x) {
  %r = fadd float %x, 0.0
  ret float %r
}

define float @tgt(float %x) {
  ret float %x
}
