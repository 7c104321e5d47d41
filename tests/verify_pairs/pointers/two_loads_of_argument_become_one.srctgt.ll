; EXPECT: correct
; WHY: nothing writes memory between two loads of p, so they read the same value

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(ptr noundef %p) {
  %a = load i32, ptr %p, align 4
  %b = load i32, ptr %p, align 4
  %r = sub i32 %a, %b
  ret i32 %r
}

define i32 @tgt(ptr noundef %p) {
  %a = load i32, ptr %p, align 4
  ret i32 0
}
