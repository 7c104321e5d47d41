; EXPECT: semantic_error target_more_poisonous
; WHY: tgt loads 4 bytes of which 2 were never written: poison where src returned x

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i16 @src(i16 noundef %x) {
  %p = alloca i32, align 4
  store i16 %x, ptr %p, align 4
  %v = load i16, ptr %p, align 4
  ret i16 %v
}

define i16 @tgt(i16 noundef %x) {
  %p = alloca i32, align 4
  store i16 %x, ptr %p, align 4
  %w = load i32, ptr %p, align 4
  %v = trunc i32 %w to i16
  ret i16 %v
}
