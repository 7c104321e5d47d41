; EXPECT: correct
; WHY: minnum returns the non-NaN operand or the smaller one; equal operands (+0/-0) may give either

declare float @llvm.minnum.f32(float, float)

define float @src(float %x, float %y) {
  %r = call float @llvm.minnum.f32(float %x, float %y)
  ret float %r
}

define float @tgt(float %x, float %y) {
  %r = call float @llvm.minnum.f32(float %y, float %x)
  ret float %r
}
