; EXPECT: semantic_error value_mismatch
; WHY: lifetime.end on a pointer into an alloca that is not its first byte is not UB: it fills the whole object with poison (LangRef 19), so src returns 3 and tgt's 4 is wrong
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

define i32 @src() {
  %a = alloca [2 x i32], align 4
  %b = getelementptr inbounds i8, ptr %a, i64 4
  call void @llvm.lifetime.end.p0(i64 4, ptr %b)
  ret i32 3
}

define i32 @tgt() {
  ret i32 4
}
