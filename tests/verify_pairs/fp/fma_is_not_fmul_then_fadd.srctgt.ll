; EXPECT: semantic_error value_mismatch
; WHY: llvm.fma rounds once; fmul then fadd rounds twice

declare half @llvm.fma.f16(half, half, half)

define half @src(half noundef %a, half noundef %b, half noundef %c) {
  %r = call half @llvm.fma.f16(half %a, half %b, half %c)
  ret half %r
}

define half @tgt(half noundef %a, half noundef %b, half noundef %c) {
  %m = fmul half %a, %b
  %r = fadd half %m, %c
  ret half %r
}
