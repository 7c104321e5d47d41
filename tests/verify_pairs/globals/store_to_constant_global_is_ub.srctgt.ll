; EXPECT: correct
; WHY: storing to a constant global is UB, so src is always UB and any tgt refines it

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@c = constant i32 1, align 4

define i32 @src(i32 noundef %x) {
  store i32 %x, ptr @c, align 4
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  ret i32 0
}
