; EXPECT: semantic_error memory_mismatch
; WHY: globals are outside the first wave (later: the store to @g is visible after return)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@g = global i32 0, align 4

define void @src(i32 noundef %x) {
  store i32 %x, ptr @g, align 4
  ret void
}

define void @tgt(i32 noundef %x) {
  ret void
}
