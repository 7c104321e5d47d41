; EXPECT: correct
; WHY: O0 load/add/store of a global folded to one read-modify-write

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@n = global i32 0, align 4

define i32 @src() {
  %a = load i32, ptr @n, align 4
  %b = add nsw i32 %a, 1
  store i32 %b, ptr @n, align 4
  %c = load i32, ptr @n, align 4
  %d = add nsw i32 %c, 1
  store i32 %d, ptr @n, align 4
  %e = load i32, ptr @n, align 4
  ret i32 %e
}

define i32 @tgt() {
  %a = load i32, ptr @n, align 4
  %d = add nsw i32 %a, 2
  store i32 %d, ptr @n, align 4
  ret i32 %d
}
