; EXPECT: semantic_error source_more_defined
; WHY: calling a function that may write memory one more time is an extra call src never makes

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare i32 @f(i32)

define i32 @src(i32 noundef %x) {
  %a = call i32 @f(i32 %x)
  ret i32 %a
}

define i32 @tgt(i32 noundef %x) {
  %a = call i32 @f(i32 %x)
  %b = call i32 @f(i32 %x)
  ret i32 %a
}
