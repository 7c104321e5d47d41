; EXPECT: semantic_error memory_mismatch
; WHY: the last store to a global wins: swapping two stores to @a changes the final value

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@a = global i32 0, align 4

define void @src(i32 noundef %x, i32 noundef %y) {
  store i32 %x, ptr @a, align 4
  store i32 %y, ptr @a, align 4
  ret void
}

define void @tgt(i32 noundef %x, i32 noundef %y) {
  store i32 %y, ptr @a, align 4
  store i32 %x, ptr @a, align 4
  ret void
}
