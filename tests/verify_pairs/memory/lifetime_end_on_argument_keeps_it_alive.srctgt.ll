; EXPECT: semantic_error memory_mismatch
; WHY: lifetime.end on a non-stack object does not kill it (LangRef 19: it only fills its bytes with poison), so src's later store of 1 is defined and tgt dropping it leaves *p poison where src has 1
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

define void @src(ptr noundef %p) {
  call void @llvm.lifetime.end.p0(i64 4, ptr %p)
  store i32 1, ptr %p, align 4
  ret void
}

define void @tgt(ptr noundef %p) {
  call void @llvm.lifetime.end.p0(i64 4, ptr %p)
  ret void
}
