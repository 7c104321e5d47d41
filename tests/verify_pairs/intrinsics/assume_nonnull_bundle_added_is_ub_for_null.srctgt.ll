; EXPECT: semantic_error source_more_defined
; WHY: an assume with a "nonnull"(p) bundle is UB when p is null

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.assume(i1)

define i32 @src(ptr %p) {
  ret i32 0
}

define i32 @tgt(ptr %p) {
  call void @llvm.assume(i1 true) [ "nonnull"(ptr %p) ]
  ret i32 0
}
