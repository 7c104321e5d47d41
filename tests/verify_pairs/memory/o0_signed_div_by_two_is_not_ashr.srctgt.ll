; EXPECT: semantic_error value_mismatch
; WHY: C's x / 2 rounds toward zero; ashr rounds toward -inf (x = -1)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %x) {
entry:
  %x.addr = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4
  %0 = load i32, ptr %x.addr, align 4
  %div = sdiv i32 %0, 2
  ret i32 %div
}

define i32 @tgt(i32 noundef %x) {
  %div = ashr i32 %x, 1
  ret i32 %div
}
