; EXPECT: correct
; WHY: a readnone function called twice with the same argument returns the same value (deterministic)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare i32 @f(i32) memory(none) willreturn nounwind

define i32 @src(i32 noundef %x) {
  %a = call i32 @f(i32 %x)
  %b = call i32 @f(i32 %x)
  %r = sub i32 %a, %b
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %a = call i32 @f(i32 %x)
  ret i32 0
}
