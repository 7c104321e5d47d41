; EXPECT: semantic_error value_mismatch
; WHY: -1.0 * 0.0 is -0.0 and inf * 0.0 is NaN, not +0.0

define float @src(float noundef %x) {
  %r = fmul float %x, 0.0
  ret float %r
}

define float @tgt(float noundef %x) {
  ret float 0.0
}
