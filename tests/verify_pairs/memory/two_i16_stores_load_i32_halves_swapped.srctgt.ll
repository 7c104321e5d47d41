; EXPECT: semantic_error value_mismatch
; WHY: little-endian: the i16 at offset 2 is the high half, not the low half

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i16 noundef %a, i16 noundef %b) {
  %p = alloca i32, align 4
  store i16 %a, ptr %p, align 4
  %q = getelementptr inbounds i8, ptr %p, i64 2
  store i16 %b, ptr %q, align 2
  %v = load i32, ptr %p, align 4
  ret i32 %v
}

define i32 @tgt(i16 noundef %a, i16 noundef %b) {
  %za = zext i16 %a to i32
  %zb = zext i16 %b to i32
  %ha = shl i32 %za, 16
  %r = or i32 %zb, %ha
  ret i32 %r
}
