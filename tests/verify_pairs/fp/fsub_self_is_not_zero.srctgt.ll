; EXPECT: semantic_error value_mismatch
; WHY: inf - inf and NaN - NaN are NaN, not 0.0

define float @src(float noundef %x) {
  %r = fsub float %x, %x
  ret float %r
}

define float @tgt(float noundef %x) {
  ret float 0.0
}
