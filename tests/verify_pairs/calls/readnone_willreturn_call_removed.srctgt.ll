; EXPECT: correct
; WHY: a call that neither touches memory nor can fail to return has no effect when its result is unused

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare i32 @f(i32) memory(none) willreturn nounwind

define i32 @src(i32 noundef %x) {
  %r = call i32 @f(i32 %x)
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
