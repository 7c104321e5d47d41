; EXPECT: correct
; WHY: offset 8 of an align-8 alloca is 8-aligned, so an align 8 load is defined and reads back x

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i64 @src(i64 noundef %x) {
  %arr = alloca [4 x i64], align 8
  %q = getelementptr inbounds i8, ptr %arr, i64 8
  store i64 %x, ptr %q, align 8
  %v = load i64, ptr %q, align 8
  ret i64 %v
}

define i64 @tgt(i64 noundef %x) {
  ret i64 %x
}
