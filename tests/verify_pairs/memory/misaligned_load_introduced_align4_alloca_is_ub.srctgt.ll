; EXPECT: semantic_error source_more_defined
; WHY: an align-4 alloca guarantees only 4-byte alignment; align 8 at offset 4 may be misaligned: UB

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i64 @src(i64 noundef %x) {
  %arr = alloca [4 x i32], align 4
  %q = getelementptr inbounds i8, ptr %arr, i64 4
  store i64 %x, ptr %q, align 4
  %v = load i64, ptr %q, align 4
  ret i64 %v
}

define i64 @tgt(i64 noundef %x) {
  %arr = alloca [4 x i32], align 4
  %q = getelementptr inbounds i8, ptr %arr, i64 4
  store i64 %x, ptr %q, align 4
  %v = load i64, ptr %q, align 8
  ret i64 %v
}
