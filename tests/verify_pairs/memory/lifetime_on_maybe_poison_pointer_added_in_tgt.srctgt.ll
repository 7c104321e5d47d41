; EXPECT: semantic_error source_more_defined
; WHY: LangRef 19 does not define a lifetime marker on a poison pointer; read as UB (Alive2) on the tgt side, adding one on an inbounds GEP that may be poison is not a refinement
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

define i32 @src(ptr noundef %p, i64 noundef %i) {
  ret i32 0
}

define i32 @tgt(ptr noundef %p, i64 noundef %i) {
  %q = getelementptr inbounds i8, ptr %p, i64 %i
  call void @llvm.lifetime.end.p0(i64 1, ptr %q)
  ret i32 0
}
