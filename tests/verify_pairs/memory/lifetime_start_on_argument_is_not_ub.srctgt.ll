; EXPECT: semantic_error value_mismatch
; WHY: lifetime.start on a non-stack object is not UB (LangRef 19): it only fills the object with poison, so src returns 0 and tgt's 1 is wrong
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

define i32 @src(ptr noundef %p) {
  call void @llvm.lifetime.start.p0(i64 4, ptr %p)
  ret i32 0
}

define i32 @tgt(ptr noundef %p) {
  ret i32 1
}
