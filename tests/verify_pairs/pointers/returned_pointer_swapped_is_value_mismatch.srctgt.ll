; EXPECT: semantic_error value_mismatch
; WHY: returning q instead of p: the two arguments may point to different objects

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define ptr @src(ptr noundef %p, ptr noundef %q) {
  ret ptr %p
}

define ptr @tgt(ptr noundef %p, ptr noundef %q) {
  ret ptr %q
}
