; EXPECT: correct
; WHY: fneg only flips the sign bit (LangRef), so two of them give back the same bits, NaN payload included

define float @src(float %x) {
  %a = fneg float %x
  %r = fneg float %a
  ret float %r
}

define float @tgt(float %x) {
  ret float %x
}
