; EXPECT: semantic_error value_mismatch
; WHY: mask 96 (-0|+0) holds for -0.0, mask 64 (+0 only) does not

declare i1 @llvm.is.fpclass.f32(float, i32 immarg)

define i1 @src(float noundef %x) {
  %r = call i1 @llvm.is.fpclass.f32(float %x, i32 96)
  ret i1 %r
}

define i1 @tgt(float noundef %x) {
  %r = call i1 @llvm.is.fpclass.f32(float %x, i32 64)
  ret i1 %r
}
