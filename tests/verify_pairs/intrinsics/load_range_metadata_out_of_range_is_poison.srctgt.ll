; EXPECT: correct
; WHY: LangRef !range: a loaded value outside the ranges is poison, so a bool load tagged [0, 2) may be masked to its low bit

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i8 @src(i8 noundef %x) {
  %p = alloca i8, align 1
  store i8 %x, ptr %p, align 1
  %v = load i8, ptr %p, align 1, !range !0
  ret i8 %v
}

define i8 @tgt(i8 noundef %x) {
  %v = and i8 %x, 1
  ret i8 %v
}

!0 = !{i8 0, i8 2}
