; EXPECT: semantic_error value_mismatch
; WHY: a pointer argument may point to a global, so a store through it may change the global

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@a = global i32 0, align 4

define i32 @src(ptr noundef %p, i32 noundef %x) {
  store i32 %x, ptr @a, align 4
  store i32 1, ptr %p, align 4
  %v = load i32, ptr @a, align 4
  ret i32 %v
}

define i32 @tgt(ptr noundef %p, i32 noundef %x) {
  store i32 %x, ptr @a, align 4
  store i32 1, ptr %p, align 4
  ret i32 %x
}
