; EXPECT: correct
; WHY: loading back a pointer just stored to *pp gives the same pointer; storing through it reaches *q

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define void @src(ptr noundef %pp, ptr noundef %q, i32 noundef %x) {
  store ptr %q, ptr %pp, align 8
  %r = load ptr, ptr %pp, align 8
  store i32 %x, ptr %r, align 4
  ret void
}

define void @tgt(ptr noundef %pp, ptr noundef %q, i32 noundef %x) {
  store ptr %q, ptr %pp, align 8
  store i32 %x, ptr %q, align 4
  ret void
}
