; EXPECT: semantic_error source_more_defined
; WHY: the whole aggregate access needs the instruction's alignment: align 16 on an align-4 alloca may be misaligned

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %a) {
  ret i32 %a
}

define i32 @tgt(i32 noundef %a) {
  %p = alloca [2 x i32], align 4
  store i32 %a, ptr %p, align 4
  %q = getelementptr inbounds i8, ptr %p, i64 4
  store i32 %a, ptr %q, align 4
  %v = load [2 x i32], ptr %p, align 16
  %e = extractvalue [2 x i32] %v, 0
  ret i32 %e
}
