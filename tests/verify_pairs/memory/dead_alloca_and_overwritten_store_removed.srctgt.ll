; EXPECT: correct
; WHY: the first store is overwritten before any load; only the second value is observed

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %p = alloca i32, align 4
  store i32 %x, ptr %p, align 4
  store i32 %y, ptr %p, align 4
  %v = load i32, ptr %p, align 4
  %r = add i32 %v, 1
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %p = alloca i32, align 4
  store i32 %y, ptr %p, align 4
  %v = load i32, ptr %p, align 4
  %r = add i32 %v, 1
  ret i32 %r
}
