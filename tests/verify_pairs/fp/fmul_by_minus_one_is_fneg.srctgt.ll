; EXPECT: correct
; WHY: x * -1.0 is exactly -x; a NaN result has a nondeterministic sign and may keep x's payload

define float @src(float noundef %x) {
  %r = fmul float %x, -1.0
  ret float %r
}

define float @tgt(float noundef %x) {
  %r = fneg float %x
  ret float %r
}
