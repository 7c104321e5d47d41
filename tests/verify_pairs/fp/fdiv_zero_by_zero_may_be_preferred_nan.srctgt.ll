; EXPECT: correct
; WHY: 0/0 is a NaN: with no NaN operand it is the preferred quiet NaN (or a target one) with any sign

define double @src() {
  %r = fdiv double 0.0, 0.0
  ret double %r
}

define double @tgt() {
  ret double 0x7FF8000000000000
}
