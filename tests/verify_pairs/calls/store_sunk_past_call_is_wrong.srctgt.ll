; EXPECT: semantic_error source_more_defined
; WHY: the callee may read @g, so moving the store to @g after the call changes what it sees

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@g = global i32 0, align 4
declare void @f()

define void @src() {
  store i32 1, ptr @g, align 4
  call void @f()
  ret void
}

define void @tgt() {
  call void @f()
  store i32 1, ptr @g, align 4
  ret void
}
