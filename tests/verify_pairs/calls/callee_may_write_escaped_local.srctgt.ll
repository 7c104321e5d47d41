; EXPECT: semantic_error value_mismatch
; WHY: a callee given &a may write a, so a's value after the call is unknown (Alive2 misses this: pr1014 FIXME)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @f(ptr)

define i32 @src() {
  %a = alloca i32, align 4
  store i32 1, ptr %a, align 4
  call void @f(ptr %a)
  %v = load i32, ptr %a, align 4
  ret i32 %v
}

define i32 @tgt() {
  %a = alloca i32, align 4
  store i32 1, ptr %a, align 4
  call void @f(ptr %a)
  ret i32 1
}
