; EXPECT: correct
; WHY: a fresh alloca is a different object from whatever a pointer argument points to

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(ptr noundef %p, i32 noundef %x) {
  %a = alloca i32, align 4
  store i32 %x, ptr %a, align 4
  store i32 7, ptr %p, align 4
  %v = load i32, ptr %a, align 4
  ret i32 %v
}

define i32 @tgt(ptr noundef %p, i32 noundef %x) {
  store i32 7, ptr %p, align 4
  ret i32 %x
}
