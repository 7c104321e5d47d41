; EXPECT: semantic_error source_more_defined
; WHY: a callee without nofree that may write through its argument may free it (LLVM's free writes argmem), so the load of *p moved after the call may be UB
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @f(ptr) memory(argmem: readwrite, inaccessiblemem: readwrite)

define i32 @src(ptr noundef %p) {
  %v = load i32, ptr %p, align 4
  call void @f(ptr %p)
  ret i32 %v
}

define i32 @tgt(ptr noundef %p) {
  call void @f(ptr %p)
  %v = load i32, ptr %p, align 4
  ret i32 %v
}
