; EXPECT: semantic_error value_mismatch
; WHY: element 1 of the constant array is 20, not 30

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@c = internal constant [3 x i32] [i32 10, i32 20, i32 30], align 4

define i32 @src() {
  %p = getelementptr inbounds [3 x i32], ptr @c, i64 0, i64 1
  %v = load i32, ptr %p, align 4
  ret i32 %v
}

define i32 @tgt() {
  ret i32 30
}
