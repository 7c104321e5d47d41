; EXPECT: correct
; WHY: a select with a poison condition is poison, refined by anything

define float @src(float %x, float %y) {
  %r = select i1 poison, float %x, float %y
  ret float %r
}

define float @tgt(float %x, float %y) {
  ret float 1.0
}
