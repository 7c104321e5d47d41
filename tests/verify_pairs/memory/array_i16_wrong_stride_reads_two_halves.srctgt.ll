; EXPECT: semantic_error value_mismatch
; WHY: element 3 of [4 x i16] is at byte 6; byte 3 straddles elements 1 and 2

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i16 @src(i16 noundef %a, i16 noundef %b, i16 noundef %c, i16 noundef %d) {
  %arr = alloca [4 x i16], align 2
  %e0 = getelementptr inbounds [4 x i16], ptr %arr, i64 0, i64 0
  store i16 %a, ptr %e0, align 2
  %e1 = getelementptr inbounds [4 x i16], ptr %arr, i64 0, i64 1
  store i16 %b, ptr %e1, align 2
  %e2 = getelementptr inbounds [4 x i16], ptr %arr, i64 0, i64 2
  store i16 %c, ptr %e2, align 2
  %e3 = getelementptr inbounds [4 x i16], ptr %arr, i64 0, i64 3
  store i16 %d, ptr %e3, align 2
  %v = load i16, ptr %e3, align 2
  ret i16 %v
}

define i16 @tgt(i16 noundef %a, i16 noundef %b, i16 noundef %c, i16 noundef %d) {
  %arr = alloca [4 x i16], align 2
  %e0 = getelementptr inbounds [4 x i16], ptr %arr, i64 0, i64 0
  store i16 %a, ptr %e0, align 2
  %e1 = getelementptr inbounds [4 x i16], ptr %arr, i64 0, i64 1
  store i16 %b, ptr %e1, align 2
  %e2 = getelementptr inbounds [4 x i16], ptr %arr, i64 0, i64 2
  store i16 %c, ptr %e2, align 2
  %e3 = getelementptr inbounds [4 x i16], ptr %arr, i64 0, i64 3
  store i16 %d, ptr %e3, align 2
  %q = getelementptr inbounds i8, ptr %arr, i64 3
  %v = load i16, ptr %q, align 1
  ret i16 %v
}
