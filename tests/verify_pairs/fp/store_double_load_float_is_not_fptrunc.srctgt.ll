; EXPECT: semantic_error value_mismatch
; WHY: a float load of a stored double reads its low 4 bytes, not the rounded value

define float @src(double noundef %x) {
  %p = alloca double, align 8
  store double %x, ptr %p, align 8
  %r = load float, ptr %p, align 8
  ret float %r
}

define float @tgt(double noundef %x) {
  %r = fptrunc double %x to float
  ret float %r
}
