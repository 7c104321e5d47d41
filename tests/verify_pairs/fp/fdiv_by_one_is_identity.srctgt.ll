; EXPECT: correct
; WHY: x / 1.0 is exact; -0.0 / 1.0 is -0.0; a NaN keeps its payload

define double @src(double noundef %x) {
  %r = fdiv double %x, 1.0
  ret double %r
}

define double @tgt(double noundef %x) {
  ret double %x
}
