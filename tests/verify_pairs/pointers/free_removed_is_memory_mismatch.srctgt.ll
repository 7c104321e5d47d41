; EXPECT: semantic_error memory_mismatch
; WHY: free(p) kills p's block, which the caller can observe (liveness is part of memory)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @free(ptr)

define void @src(ptr noundef %p) {
  call void @free(ptr %p)
  ret void
}

define void @tgt(ptr noundef %p) {
  ret void
}
