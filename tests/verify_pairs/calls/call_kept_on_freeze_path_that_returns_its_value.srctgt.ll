; EXPECT: correct
; WHY: tgt calls @f and returns 1, which is src's behaviour when its freeze picks true
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @f() memory(none)

define i32 @src() {
  %c = freeze i1 poison
  br i1 %c, label %a, label %b
a:
  call void @f()
  ret i32 1
b:
  ret i32 2
}

define i32 @tgt() {
  call void @f()
  ret i32 1
}
