; EXPECT: correct
; WHY: little-endian: the byte at offset 3 holds bits 24..31

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i8 @src(i32 noundef %x) {
  %p = alloca i32, align 4
  store i32 %x, ptr %p, align 4
  %q = getelementptr inbounds i8, ptr %p, i64 3
  %v = load i8, ptr %q, align 1
  ret i8 %v
}

define i8 @tgt(i32 noundef %x) {
  %s = lshr i32 %x, 24
  %t = trunc i32 %s to i8
  ret i8 %t
}
