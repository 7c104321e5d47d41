; EXPECT: correct
; WHY: lifetime.end on a non-stack object fills all its bytes with poison (LangRef 19), so the load after it is poison and any value refines it
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

define i32 @src(ptr noundef %p) {
  store i32 1, ptr %p, align 4
  call void @llvm.lifetime.end.p0(i64 4, ptr %p)
  %v = load i32, ptr %p, align 4
  ret i32 %v
}

define i32 @tgt(ptr noundef %p) {
  store i32 1, ptr %p, align 4
  ret i32 42
}
