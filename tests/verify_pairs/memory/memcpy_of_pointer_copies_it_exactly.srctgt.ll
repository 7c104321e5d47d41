; EXPECT: correct
; WHY: memcpy copies bytes exactly, pointer bytes included (LangRef 19), so a pointer copied by memcpy loads back as the same pointer
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define ptr @src(ptr noundef %p) {
  %a = alloca ptr, align 8
  %b = alloca ptr, align 8
  store ptr %p, ptr %a, align 8
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %b, ptr align 8 %a, i64 8, i1 false)
  %r = load ptr, ptr %b, align 8
  ret ptr %r
}

define ptr @tgt(ptr noundef %p) {
  ret ptr %p
}
