; EXPECT: correct
; WHY: fadd nnan with a NaN operand is poison, refined by anything

define double @src(double noundef %x) {
  %r = fadd nnan double %x, 0x7FF8000000000000
  ret double %r
}

define double @tgt(double noundef %x) {
  ret double poison
}
