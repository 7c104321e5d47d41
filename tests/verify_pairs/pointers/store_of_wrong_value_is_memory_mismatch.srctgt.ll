; EXPECT: semantic_error memory_mismatch
; WHY: the caller reads *p after return: storing x+1 instead of x changes visible memory

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define void @src(ptr noundef %p, i32 noundef %x) {
  store i32 %x, ptr %p, align 4
  ret void
}

define void @tgt(ptr noundef %p, i32 noundef %x) {
  %y = add i32 %x, 1
  store i32 %y, ptr %p, align 4
  ret void
}
