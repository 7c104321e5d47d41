; EXPECT: correct
; WHY: gep inbounds to offset 20 of a 16-byte alloca is poison; loading through it is UB

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %x) {
  %arr = alloca [4 x i32], align 4
  %q = getelementptr inbounds [4 x i32], ptr %arr, i64 0, i64 5
  %v = load i32, ptr %q, align 4
  ret i32 %v
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
