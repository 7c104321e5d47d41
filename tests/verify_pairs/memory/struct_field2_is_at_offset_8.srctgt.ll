; EXPECT: correct
; WHY: aarch64 layout of { i8, i32, i64 }: field 2 (i64, align 8) is at offset 8

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i64 @src(i64 noundef %b) {
  %s = alloca { i8, i32, i64 }, align 8
  %f = getelementptr inbounds { i8, i32, i64 }, ptr %s, i32 0, i32 2
  store i64 %b, ptr %f, align 8
  %q = getelementptr inbounds i8, ptr %s, i64 8
  %v = load i64, ptr %q, align 8
  ret i64 %v
}

define i64 @tgt(i64 noundef %b) {
  ret i64 %b
}
