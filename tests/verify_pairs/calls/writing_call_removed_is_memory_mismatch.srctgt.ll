; EXPECT: semantic_error memory_mismatch
; WHY: a willreturn call that may write memory cannot be removed: the caller sees what it wrote

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @f() willreturn nounwind

define void @src() {
  call void @f()
  ret void
}

define void @tgt() {
  ret void
}
