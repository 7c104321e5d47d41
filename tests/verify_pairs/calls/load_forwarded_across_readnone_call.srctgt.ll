; EXPECT: correct
; WHY: a memory(none) callee cannot change @g, so the stored value is still there

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@g = global i32 0, align 4
declare void @f() memory(none)

define i32 @src() {
  store i32 1, ptr @g, align 4
  call void @f()
  %v = load i32, ptr @g, align 4
  ret i32 %v
}

define i32 @tgt() {
  store i32 1, ptr @g, align 4
  call void @f()
  ret i32 1
}
