; EXPECT: correct
; WHY: poison propagates through FP arithmetic

define double @src(double %x) {
  %r = fadd double %x, poison
  ret double %r
}

define double @tgt(double %x) {
  ret double poison
}
