; EXPECT: semantic_error value_mismatch
; WHY: FP division never has UB; x / 0.0 is an infinity (or NaN for 0/0), not 0.0

define float @src(float noundef %x) {
  %r = fdiv float %x, 0.0
  ret float %r
}

define float @tgt(float noundef %x) {
  ret float 0.0
}
