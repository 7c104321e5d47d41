; EXPECT: correct
; WHY: dropping nnan only removes poison

define float @src(float noundef %x, float noundef %y) {
  %r = fmul nnan float %x, %y
  ret float %r
}

define float @tgt(float noundef %x, float noundef %y) {
  %r = fmul float %x, %y
  ret float %r
}
