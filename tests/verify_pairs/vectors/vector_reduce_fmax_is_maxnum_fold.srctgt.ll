; EXPECT: correct
; WHY: llvm.vector.reduce.fmax has llvm.maxnum semantics; a fold over the lanes computes it

declare float @llvm.vector.reduce.fmax.v4f32(<4 x float>)
declare float @llvm.maxnum.f32(float, float)
define float @src(<4 x float> noundef %x) {
  %r = call float @llvm.vector.reduce.fmax.v4f32(<4 x float> %x)
  ret float %r
}
define float @tgt(<4 x float> noundef %x) {
  %a = extractelement <4 x float> %x, i64 0
  %b = extractelement <4 x float> %x, i64 1
  %c = extractelement <4 x float> %x, i64 2
  %d = extractelement <4 x float> %x, i64 3
  %m1 = call float @llvm.maxnum.f32(float %a, float %b)
  %m2 = call float @llvm.maxnum.f32(float %m1, float %c)
  %m3 = call float @llvm.maxnum.f32(float %m2, float %d)
  ret float %m3
}
