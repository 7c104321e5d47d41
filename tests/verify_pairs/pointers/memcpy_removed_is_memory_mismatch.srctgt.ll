; EXPECT: semantic_error memory_mismatch
; WHY: the caller sees the bytes memcpy copied into p

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define void @src(ptr noundef %p, ptr noundef %q) {
  call void @llvm.memcpy.p0.p0.i64(ptr align 4 %p, ptr align 4 %q, i64 4, i1 false)
  ret void
}

define void @tgt(ptr noundef %p, ptr noundef %q) {
  ret void
}
