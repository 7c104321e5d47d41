; EXPECT: semantic_error value_mismatch
; WHY: minnum(1.0, NaN) is 1.0; minimum propagates the NaN

declare float @llvm.minnum.f32(float, float)
declare float @llvm.minimum.f32(float, float)

define float @src(float noundef %x) {
  %r = call float @llvm.minnum.f32(float %x, float 0x7FF8000000000000)
  ret float %r
}

define float @tgt(float noundef %x) {
  %r = call float @llvm.minimum.f32(float %x, float 0x7FF8000000000000)
  ret float %r
}
