; EXPECT: correct
; WHY: x * 1.0 is exact; for a NaN x the result may carry x's payload unchanged

define float @src(float noundef %x) {
  %r = fmul float %x, 1.0
  ret float %r
}

define float @tgt(float noundef %x) {
  ret float %x
}
