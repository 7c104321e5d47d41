; EXPECT: correct
; WHY: frem 7.5, 2.0 = 1.5 (exact remainder, sign of the dividend)

define float @src() {
  %r = frem float 7.5, 2.0
  ret float %r
}

define float @tgt() {
  ret float 1.5
}
