; EXPECT: correct
; WHY: a call that only reads memory and returns has no effect when its result is unused

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare i32 @f(ptr) memory(read) willreturn nounwind

define i32 @src(ptr noundef %p, i32 noundef %x) {
  %r = call i32 @f(ptr %p)
  ret i32 %x
}

define i32 @tgt(ptr noundef %p, i32 noundef %x) {
  ret i32 %x
}
