; EXPECT: correct
; WHY: an unused malloc of a frozen size has no effect the caller can see (the block is never freed or reached), so removing it keeps src's return value
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare ptr @malloc(i64)

define i32 @src() {
  %n = freeze i64 undef
  %p = call ptr @malloc(i64 %n)
  ret i32 0
}

define i32 @tgt() {
  ret i32 0
}
