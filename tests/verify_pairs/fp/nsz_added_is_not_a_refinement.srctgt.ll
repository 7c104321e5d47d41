; EXPECT: semantic_error value_mismatch
; WHY: nsz lets a zero result have either sign; -0.0 + 0.0 must be +0.0 without it

define float @src(float noundef %x) {
  %r = fadd float %x, 0.0
  ret float %r
}

define float @tgt(float noundef %x) {
  %r = fadd nsz float %x, 0.0
  ret float %r
}
