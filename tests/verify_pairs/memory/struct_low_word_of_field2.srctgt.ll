; EXPECT: correct
; WHY: the i32 at offset 8 of { i8, i32, i64 } is the low half of field 2 (little-endian)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %a, i64 noundef %b) {
  %s = alloca { i8, i32, i64 }, align 8
  %f1 = getelementptr inbounds { i8, i32, i64 }, ptr %s, i32 0, i32 1
  store i32 %a, ptr %f1, align 4
  %f2 = getelementptr inbounds { i8, i32, i64 }, ptr %s, i32 0, i32 2
  store i64 %b, ptr %f2, align 8
  %q = getelementptr inbounds i8, ptr %s, i64 8
  %v = load i32, ptr %q, align 8
  ret i32 %v
}

define i32 @tgt(i32 noundef %a, i64 noundef %b) {
  %t = trunc i64 %b to i32
  ret i32 %t
}
