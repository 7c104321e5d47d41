; EXPECT: semantic_error source_more_defined
; WHY: tgt's store claims align 8 at offset 4 of an align-8 alloca: UB

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %x) {
  %arr = alloca [2 x i32], align 8
  %q = getelementptr inbounds i8, ptr %arr, i64 4
  store i32 %x, ptr %q, align 4
  %v = load i32, ptr %q, align 4
  ret i32 %v
}

define i32 @tgt(i32 noundef %x) {
  %arr = alloca [2 x i32], align 8
  %q = getelementptr inbounds i8, ptr %arr, i64 4
  store i32 %x, ptr %q, align 8
  %v = load i32, ptr %q, align 4
  ret i32 %v
}
