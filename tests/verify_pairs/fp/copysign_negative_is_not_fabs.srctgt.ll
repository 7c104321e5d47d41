; EXPECT: semantic_error value_mismatch
; WHY: copysign(x, -1.0) sets the sign bit

declare float @llvm.copysign.f32(float, float)
declare float @llvm.fabs.f32(float)

define float @src(float noundef %x) {
  %r = call float @llvm.copysign.f32(float %x, float -1.0)
  ret float %r
}

define float @tgt(float noundef %x) {
  %r = call float @llvm.fabs.f32(float %x)
  ret float %r
}
