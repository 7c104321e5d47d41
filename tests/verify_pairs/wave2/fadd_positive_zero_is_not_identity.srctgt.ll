; EXPECT: semantic_error value_mismatch
; WHY: FP is outside the first wave (later: -0.0 + 0.0 is +0.0, so x + 0.0 is not x)

define float @src(float %x) {
  %r = fadd float %x, 0.0
  ret float %r
}

define float @tgt(float %x) {
  ret float %x
}
