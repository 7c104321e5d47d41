; EXPECT: correct
; WHY: clang -O0 spills x to a slot and reloads it; passing x directly is the same call

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare i32 @f(i32, ptr)

define i32 @src(i32 noundef %x, ptr noundef %p) {
  %x.addr = alloca i32, align 4
  %p.addr = alloca ptr, align 8
  store i32 %x, ptr %x.addr, align 4
  store ptr %p, ptr %p.addr, align 8
  %a = load i32, ptr %x.addr, align 4
  %b = load ptr, ptr %p.addr, align 8
  %r = call i32 @f(i32 noundef %a, ptr noundef %b)
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, ptr noundef %p) {
  %r = call i32 @f(i32 noundef %x, ptr noundef %p)
  ret i32 %r
}
