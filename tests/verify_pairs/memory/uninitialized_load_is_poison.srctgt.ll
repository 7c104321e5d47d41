; EXPECT: correct
; WHY: an alloca starts with poison bytes (Alive2), so tgt may return anything

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src() {
  %p = alloca i32, align 4
  %v = load i32, ptr %p, align 4
  ret i32 %v
}

define i32 @tgt() {
  ret i32 42
}
