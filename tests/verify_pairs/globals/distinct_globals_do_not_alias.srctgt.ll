; EXPECT: correct
; WHY: two different global variables are different objects

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@a = global i32 0, align 4
@b = global i32 0, align 4

define i32 @src(i32 noundef %x) {
  store i32 %x, ptr @a, align 4
  store i32 1, ptr @b, align 4
  %v = load i32, ptr @a, align 4
  ret i32 %v
}

define i32 @tgt(i32 noundef %x) {
  store i32 %x, ptr @a, align 4
  store i32 1, ptr @b, align 4
  ret i32 %x
}
