; EXPECT: correct
; WHY: storing { i32 a, i32 b } then loading i64 gives a | b << 32 on a little-endian target

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i64 @src(i32 noundef %a, i32 noundef %b) {
  %p = alloca { i32, i32 }, align 8
  %s0 = insertvalue { i32, i32 } poison, i32 %a, 0
  %s1 = insertvalue { i32, i32 } %s0, i32 %b, 1
  store { i32, i32 } %s1, ptr %p, align 8
  %v = load i64, ptr %p, align 8
  ret i64 %v
}

define i64 @tgt(i32 noundef %a, i32 noundef %b) {
  %lo = zext i32 %a to i64
  %hi0 = zext i32 %b to i64
  %hi = shl i64 %hi0, 32
  %v = or i64 %lo, %hi
  ret i64 %v
}
