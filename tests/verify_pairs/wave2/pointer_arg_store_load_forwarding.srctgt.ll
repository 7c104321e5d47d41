; EXPECT: correct
; WHY: pointer arguments are outside the first wave (later: the load reads the value just stored)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(ptr noundef %p, i32 noundef %x) {
  store i32 %x, ptr %p, align 4
  %v = load i32, ptr %p, align 4
  ret i32 %v
}

define i32 @tgt(ptr noundef %p, i32 noundef %x) {
  store i32 %x, ptr %p, align 4
  ret i32 %x
}
