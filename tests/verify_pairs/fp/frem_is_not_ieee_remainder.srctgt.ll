; EXPECT: semantic_error value_mismatch
; WHY: frem 5.0, 3.0 is fmod = 2.0, not the IEEE remainder -1.0

define double @src() {
  %r = frem double 5.0, 3.0
  ret double %r
}

define double @tgt() {
  ret double -1.0
}
