; EXPECT: correct
; WHY: aarch64 layout of { i8, i32, i64 }: field 1 (i32, align 4) is at offset 4 after 3 padding bytes

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %a) {
  %s = alloca { i8, i32, i64 }, align 8
  %f = getelementptr inbounds { i8, i32, i64 }, ptr %s, i32 0, i32 1
  store i32 %a, ptr %f, align 4
  %q = getelementptr inbounds i8, ptr %s, i64 4
  %v = load i32, ptr %q, align 4
  ret i32 %v
}

define i32 @tgt(i32 noundef %a) {
  ret i32 %a
}
