; EXPECT: semantic_error value_mismatch
; WHY: llvm.memcpy's regions must be equal or disjoint (LangRef 19): a copy onto itself is defined and keeps the bytes, so src returns *p's stored 7 and tgt's 8 is wrong
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define i32 @src(ptr noundef %p) {
  store i32 7, ptr %p, align 4
  call void @llvm.memcpy.p0.p0.i64(ptr align 4 %p, ptr align 4 %p, i64 4, i1 false)
  %v = load i32, ptr %p, align 4
  ret i32 %v
}

define i32 @tgt(ptr noundef %p) {
  store i32 7, ptr %p, align 4
  ret i32 8
}
