; EXPECT: correct
; WHY: a <4 x i32> store writes lane k at byte 4k (little-endian), so an i32 load at offset 8 reads lane 2

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(<4 x i32> noundef %v) {
  %p = alloca <4 x i32>, align 16
  store <4 x i32> %v, ptr %p, align 16
  %q = getelementptr inbounds i8, ptr %p, i64 8
  %e = load i32, ptr %q, align 8
  ret i32 %e
}

define i32 @tgt(<4 x i32> noundef %v) {
  %e = extractelement <4 x i32> %v, i64 2
  ret i32 %e
}
