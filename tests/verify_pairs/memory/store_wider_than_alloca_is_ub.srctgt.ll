; EXPECT: semantic_error source_more_defined
; WHY: tgt stores 8 bytes into a 4-byte alloca: out of bounds, UB

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %x) {
  %p = alloca i32, align 8
  store i32 %x, ptr %p, align 4
  %v = load i32, ptr %p, align 4
  ret i32 %v
}

define i32 @tgt(i32 noundef %x) {
  %p = alloca i32, align 8
  %z = zext i32 %x to i64
  store i64 %z, ptr %p, align 8
  %v = load i32, ptr %p, align 4
  ret i32 %v
}
