; EXPECT: semantic_error value_mismatch
; WHY: a mutable global may have been changed before the call: its initializer is not known on entry

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@g = internal global i32 5, align 4

define i32 @src() {
  %v = load i32, ptr @g, align 4
  ret i32 %v
}

define i32 @tgt() {
  ret i32 5
}
