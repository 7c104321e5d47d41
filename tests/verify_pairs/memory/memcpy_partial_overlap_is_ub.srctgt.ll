; EXPECT: correct
; WHY: llvm.memcpy whose regions overlap without being equal is UB (LangRef 19), so src (copying [p, p+4) to [p+1, p+5)) is always UB and any tgt refines it
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define i32 @src(ptr noundef dereferenceable(8) %p) {
  %q = getelementptr inbounds i8, ptr %p, i64 1
  call void @llvm.memcpy.p0.p0.i64(ptr %q, ptr %p, i64 4, i1 false)
  ret i32 0
}

define i32 @tgt(ptr noundef dereferenceable(8) %p) {
  ret i32 1
}
