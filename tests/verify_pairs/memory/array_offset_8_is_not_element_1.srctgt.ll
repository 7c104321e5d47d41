; EXPECT: semantic_error value_mismatch
; WHY: byte offset 8 of [4 x i32] is element 2, not element 1

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %a, i32 noundef %b, i32 noundef %c, i32 noundef %d) {
  %arr = alloca [4 x i32], align 4
  %e0 = getelementptr inbounds [4 x i32], ptr %arr, i64 0, i64 0
  store i32 %a, ptr %e0, align 4
  %e1 = getelementptr inbounds [4 x i32], ptr %arr, i64 0, i64 1
  store i32 %b, ptr %e1, align 4
  %e2 = getelementptr inbounds [4 x i32], ptr %arr, i64 0, i64 2
  store i32 %c, ptr %e2, align 4
  %e3 = getelementptr inbounds [4 x i32], ptr %arr, i64 0, i64 3
  store i32 %d, ptr %e3, align 4
  %q = getelementptr inbounds i8, ptr %arr, i64 8
  %v = load i32, ptr %q, align 4
  ret i32 %v
}

define i32 @tgt(i32 noundef %a, i32 noundef %b, i32 noundef %c, i32 noundef %d) {
  ret i32 %b
}
