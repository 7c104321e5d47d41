; EXPECT: correct
; WHY: tgt stores 1 into @g[1], which is src's behaviour when its freeze picks false
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@g = global [2 x i8] zeroinitializer

define void @src() {
  %c = freeze i1 poison
  br i1 %c, label %a, label %b
a:
  store i8 1, ptr @g, align 1
  ret void
b:
  %p = getelementptr inbounds i8, ptr @g, i64 1
  store i8 1, ptr %p, align 1
  ret void
}

define void @tgt() {
  %p = getelementptr inbounds i8, ptr @g, i64 1
  store i8 1, ptr %p, align 1
  ret void
}
