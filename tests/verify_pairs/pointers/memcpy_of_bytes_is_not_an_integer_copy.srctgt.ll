; EXPECT: semantic_error memory_mismatch
; WHY: memcpy copies bytes one by one, but one poison byte of *q makes the loaded i64 poison, so tgt stores 8 poison bytes

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define void @src(ptr noundef %p, ptr noundef %q) {
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %p, ptr align 8 %q, i64 8, i1 false)
  ret void
}

define void @tgt(ptr noundef %p, ptr noundef %q) {
  %v = load i64, ptr %q, align 8
  store i64 %v, ptr %p, align 8
  ret void
}
