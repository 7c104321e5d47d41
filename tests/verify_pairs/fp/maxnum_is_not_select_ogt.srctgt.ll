; EXPECT: semantic_error value_mismatch
; WHY: maxnum(1.0, NaN) is 1.0, but ogt is false on NaN so the select picks the NaN

declare float @llvm.maxnum.f32(float, float)

define float @src(float noundef %x, float noundef %y) {
  %r = call float @llvm.maxnum.f32(float %x, float %y)
  ret float %r
}

define float @tgt(float noundef %x, float noundef %y) {
  %c = fcmp ogt float %x, %y
  %r = select i1 %c, float %x, float %y
  ret float %r
}
