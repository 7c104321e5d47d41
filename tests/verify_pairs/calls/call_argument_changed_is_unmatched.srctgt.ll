; EXPECT: semantic_error source_more_defined
; WHY: the callee is unknown: calling it with x+1 instead of x is a different call

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare i32 @f(i32)

define i32 @src(i32 noundef %x) {
  %a = call i32 @f(i32 %x)
  ret i32 %a
}

define i32 @tgt(i32 noundef %x) {
  %y = add i32 %x, 1
  %a = call i32 @f(i32 %y)
  ret i32 %a
}
