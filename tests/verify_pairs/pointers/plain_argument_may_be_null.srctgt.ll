; EXPECT: semantic_error value_mismatch
; WHY: without nonnull the argument may be null, so the comparison is not always false

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i1 @src(ptr noundef %p) {
  %c = icmp eq ptr %p, null
  ret i1 %c
}

define i1 @tgt(ptr noundef %p) {
  ret i1 false
}
