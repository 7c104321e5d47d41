; EXPECT: semantic_error value_mismatch
; WHY: 0/0 has no NaN operand: its payload is the preferred one or a target one, not an arbitrary 1

define double @src() {
  %r = fdiv double 0.0, 0.0
  ret double %r
}

define double @tgt() {
  ret double 0x7FF8000000000001
}
