; EXPECT: correct
; WHY: globals are outside the first wave (later: two loads of @g with no store between read the same value)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@g = global i32 0, align 4

define i32 @src() {
  %a = load i32, ptr @g, align 4
  %b = load i32, ptr @g, align 4
  %r = add i32 %a, %b
  ret i32 %r
}

define i32 @tgt() {
  %a = load i32, ptr @g, align 4
  %r = shl i32 %a, 1
  ret i32 %r
}
