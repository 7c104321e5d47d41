; EXPECT: inconclusive unsupported
; WHY: whether a lifetime marker's pointer names a stack object depends on what the stack colouring pass recognises (LangRef 19); a pointer loaded from memory may be an alloca it cannot see, so the semantics is not decided
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

define i32 @src(ptr noundef %pp) {
  %p = load ptr, ptr %pp, align 8
  call void @llvm.lifetime.end.p0(i64 4, ptr %p)
  ret i32 0
}

define i32 @tgt(ptr noundef %pp) {
  ret i32 0
}
