; EXPECT: correct
; WHY: float -> double -> float is exact, and a NaN may keep its payload through both

define float @src(float noundef %x) {
  %d = fpext float %x to double
  %r = fptrunc double %d to float
  ret float %r
}

define float @tgt(float noundef %x) {
  ret float %x
}
