; EXPECT: semantic_error source_more_defined
; WHY: a 16-byte vector store into an 8-byte alloca is out of bounds: UB

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(<4 x i32> noundef %v) {
  ret i32 0
}

define i32 @tgt(<4 x i32> noundef %v) {
  %p = alloca i64, align 16
  store <4 x i32> %v, ptr %p, align 16
  ret i32 0
}
