; EXPECT: semantic_error value_mismatch
; WHY: LangRef 19 does not say a lifetime marker on a poison pointer is UB (LLVM 21's LangRef makes it a no-op), so src's marker on a poison pointer is read as doing nothing and src returns 0; tgt's 1 is wrong
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

define i32 @src(ptr noundef %p) {
  %q = getelementptr inbounds i8, ptr %p, i64 poison
  call void @llvm.lifetime.end.p0(i64 1, ptr %q)
  ret i32 0
}

define i32 @tgt(ptr noundef %p) {
  ret i32 1
}
