; EXPECT: correct
; WHY: the same stack slot, initialised the same way, passed to the same call on both sides

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @f(ptr)

define i32 @src(i32 noundef %x) {
  %a = alloca i32, align 4
  %b = alloca i32, align 4
  store i32 %x, ptr %b, align 4
  %v = load i32, ptr %b, align 4
  store i32 %v, ptr %a, align 4
  call void @f(ptr %a)
  %r = load i32, ptr %a, align 4
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %a = alloca i32, align 4
  store i32 %x, ptr %a, align 4
  call void @f(ptr nonnull %a)
  %r = load i32, ptr %a, align 4
  ret i32 %r
}
