; EXPECT: correct
; WHY: after a load through p succeeded (else UB), p cannot be null

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(ptr noundef %p) {
  %v = load i32, ptr %p, align 4
  %c = icmp eq ptr %p, null
  %r = select i1 %c, i32 0, i32 %v
  ret i32 %r
}

define i32 @tgt(ptr noundef %p) {
  %v = load i32, ptr %p, align 4
  ret i32 %v
}
