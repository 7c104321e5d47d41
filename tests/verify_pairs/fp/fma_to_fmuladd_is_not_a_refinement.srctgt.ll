; EXPECT: semantic_error value_mismatch
; WHY: fmuladd may round after the multiply, fma never does

declare half @llvm.fma.f16(half, half, half)
declare half @llvm.fmuladd.f16(half, half, half)

define half @src(half noundef %a, half noundef %b, half noundef %c) {
  %r = call half @llvm.fma.f16(half %a, half %b, half %c)
  ret half %r
}

define half @tgt(half noundef %a, half noundef %b, half noundef %c) {
  %r = call half @llvm.fmuladd.f16(half %a, half %b, half %c)
  ret half %r
}
