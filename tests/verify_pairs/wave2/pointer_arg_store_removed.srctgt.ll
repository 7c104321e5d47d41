; EXPECT: semantic_error memory_mismatch
; WHY: pointer arguments are outside the first wave (later: the caller sees the store through p)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define void @src(ptr noundef %p, i32 noundef %x) {
  store i32 %x, ptr %p, align 4
  ret void
}

define void @tgt(ptr noundef %p, i32 noundef %x) {
  ret void
}
