; EXPECT: semantic_error
; WHY: src either calls @f (which may not return) and then stores 1, or stores 2; tgt stores 1 without calling @f: when @f never returns, no src execution returns with @g = 1
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@g = global i32 0
declare void @f() memory(none)

define void @src() {
  %c = freeze i1 poison
  br i1 %c, label %a, label %b
a:
  call void @f()
  store i32 1, ptr @g, align 4
  ret void
b:
  store i32 2, ptr @g, align 4
  ret void
}

define void @tgt() {
  store i32 1, ptr @g, align 4
  ret void
}
