; EXPECT: correct
; WHY: C signed x * 2 is mul nsw; instcombine's shl nsw x, 1 has the same poison cases

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %x) {
entry:
  %x.addr = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4
  %0 = load i32, ptr %x.addr, align 4
  %mul = mul nsw i32 %0, 2
  ret i32 %mul
}

define i32 @tgt(i32 noundef %x) {
  %mul = shl nsw i32 %x, 1
  ret i32 %mul
}
