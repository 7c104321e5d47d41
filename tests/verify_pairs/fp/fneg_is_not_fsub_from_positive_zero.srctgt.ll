; EXPECT: semantic_error value_mismatch
; WHY: fneg 0.0 is -0.0, 0.0 - 0.0 is +0.0

define float @src(float noundef %x) {
  %r = fneg float %x
  ret float %r
}

define float @tgt(float noundef %x) {
  %r = fsub float 0.0, %x
  ret float %r
}
