; EXPECT: correct
; WHY: a double stored and loaded back is the same bits (memory holds the bits)

define double @src(double %x) {
  %p = alloca double, align 8
  store double %x, ptr %p, align 8
  %r = load double, ptr %p, align 8
  ret double %r
}

define double @tgt(double %x) {
  ret double %x
}
