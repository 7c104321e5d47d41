; EXPECT: correct
; WHY: abort does not return, so what follows the call never runs

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @abort() noreturn nounwind

define i32 @src(i32 noundef %x) {
  call void @abort()
  %y = add i32 %x, 1
  ret i32 %y
}

define i32 @tgt(i32 noundef %x) {
  call void @abort()
  unreachable
}
