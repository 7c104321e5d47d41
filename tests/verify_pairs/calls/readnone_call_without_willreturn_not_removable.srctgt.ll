; EXPECT: semantic_error return_domain_mismatch
; WHY: a call that may not return (no willreturn) cannot be dropped even if it touches no memory

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare i32 @f(i32) memory(none) nounwind

define i32 @src(i32 noundef %x) {
  %r = call i32 @f(i32 %x)
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
