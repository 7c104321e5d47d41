; EXPECT: semantic_error value_mismatch
; WHY: aarch64-linux is little-endian: offset 0 is not the high byte

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i16 @src(i8 noundef %a, i8 noundef %b) {
  %p = alloca i16, align 2
  store i8 %a, ptr %p, align 2
  %q = getelementptr inbounds i8, ptr %p, i64 1
  store i8 %b, ptr %q, align 1
  %v = load i16, ptr %p, align 2
  ret i16 %v
}

define i16 @tgt(i8 noundef %a, i8 noundef %b) {
  %za = zext i8 %a to i16
  %zb = zext i8 %b to i16
  %ha = shl i16 %za, 8
  %r = or i16 %ha, %zb
  ret i16 %r
}
