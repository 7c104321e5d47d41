; EXPECT: correct
; WHY: for i != 0 element 0 is uninitialised (poison), and for i == 0 it is x, so tgt x refines src

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %x, i64 noundef %i) {
  %arr = alloca [4 x i32], align 4
  %e = getelementptr inbounds [4 x i32], ptr %arr, i64 0, i64 %i
  store i32 %x, ptr %e, align 4
  %e0 = getelementptr inbounds [4 x i32], ptr %arr, i64 0, i64 0
  %v = load i32, ptr %e0, align 4
  ret i32 %v
}

define i32 @tgt(i32 noundef %x, i64 noundef %i) {
  ret i32 %x
}
