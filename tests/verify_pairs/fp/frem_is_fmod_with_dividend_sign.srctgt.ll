; EXPECT: correct
; WHY: frem is C fmod: the remainder of truncated division, with the dividend's sign (-5 fmod 3 = -2)

define double @src() {
  %r = frem double -5.0, 3.0
  ret double %r
}

define double @tgt() {
  ret double -2.0
}
