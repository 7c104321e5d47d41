; EXPECT: correct
; WHY: nsz: the sign of a zero result is nondeterministic, so -0.0 + 0.0 may be -0.0

define float @src(float noundef %x) {
  %r = fadd nsz float %x, 0.0
  ret float %r
}

define float @tgt(float noundef %x) {
  ret float %x
}
