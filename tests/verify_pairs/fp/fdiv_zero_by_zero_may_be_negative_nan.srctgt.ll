; EXPECT: correct
; WHY: the sign of a NaN result is nondeterministic

define float @src() {
  %r = fdiv float 0.0, 0.0
  ret float %r
}

define float @tgt() {
  ret float 0xFFF8000000000000
}
