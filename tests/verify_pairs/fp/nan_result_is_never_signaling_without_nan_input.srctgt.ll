; EXPECT: semantic_error value_mismatch
; WHY: a NaN computed from non-NaN operands is quiet; tgt returns a signaling NaN

define float @src() {
  %r = fdiv float 0.0, 0.0
  ret float %r
}

define float @tgt() {
  ret float 0x7FF0000020000000
}
