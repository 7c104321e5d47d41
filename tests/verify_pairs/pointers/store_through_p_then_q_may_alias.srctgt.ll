; EXPECT: semantic_error value_mismatch
; WHY: two pointer arguments may point to the same memory, so the load of p may see the store through q

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(ptr noundef %p, ptr noundef %q, i32 noundef %x, i32 noundef %y) {
  store i32 %x, ptr %p, align 4
  store i32 %y, ptr %q, align 4
  %v = load i32, ptr %p, align 4
  ret i32 %v
}

define i32 @tgt(ptr noundef %p, ptr noundef %q, i32 noundef %x, i32 noundef %y) {
  store i32 %x, ptr %p, align 4
  store i32 %y, ptr %q, align 4
  ret i32 %x
}
