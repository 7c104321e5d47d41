; EXPECT: semantic_error memory_mismatch
; WHY: the caller can read @n after return: storing a+1 where src stores a+2 is visible

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@n = global i32 0, align 4

define void @src() {
  %a = load i32, ptr @n, align 4
  %b = add i32 %a, 2
  store i32 %b, ptr @n, align 4
  ret void
}

define void @tgt() {
  %a = load i32, ptr @n, align 4
  %b = add i32 %a, 1
  store i32 %b, ptr @n, align 4
  ret void
}
