; EXPECT: semantic_error memory_mismatch
; WHY: memset with 1 writes 0x01010101, not 1

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

define void @src(ptr noundef %p) {
  call void @llvm.memset.p0.i64(ptr align 4 %p, i8 1, i64 4, i1 false)
  ret void
}

define void @tgt(ptr noundef %p) {
  store i32 1, ptr %p, align 4
  ret void
}
