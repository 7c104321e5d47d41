; EXPECT: semantic_error memory_mismatch
; WHY: tgt's llvm.memcpy of *p onto itself is defined (LangRef 19), so it does not excuse tgt dropping src's store of 1
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define void @src(ptr noundef dereferenceable(4) %p) {
  store i32 1, ptr %p, align 4
  ret void
}

define void @tgt(ptr noundef dereferenceable(4) %p) {
  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %p, i64 4, i1 false)
  ret void
}
