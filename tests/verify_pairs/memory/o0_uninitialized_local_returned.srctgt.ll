; EXPECT: correct
; WHY: int f(void) { int x; return x; } at -O0 loads poison; any return value refines it

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src() {
entry:
  %retval = alloca i32, align 4
  %x = alloca i32, align 4
  %0 = load i32, ptr %x, align 4
  ret i32 %0
}

define i32 @tgt() {
  ret i32 poison
}
