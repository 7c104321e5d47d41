; EXPECT: correct
; WHY: the later store to the same location wins

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i64 @src(i64 noundef %x, i64 noundef %y) {
  %p = alloca i64, align 8
  store i64 %x, ptr %p, align 8
  store i64 %y, ptr %p, align 8
  %v = load i64, ptr %p, align 8
  ret i64 %v
}

define i64 @tgt(i64 noundef %x, i64 noundef %y) {
  ret i64 %y
}
