; EXPECT: correct
; WHY: an aggregate load reads each element from its offset (the instcombine unpacking of clang's [2 x i64] returns)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define [2 x i64] @src(i64 noundef %a, i64 noundef %b) {
  %p = alloca [2 x i64], align 8
  store i64 %a, ptr %p, align 8
  %q = getelementptr inbounds i8, ptr %p, i64 8
  store i64 %b, ptr %q, align 8
  %v = load [2 x i64], ptr %p, align 8
  ret [2 x i64] %v
}

define [2 x i64] @tgt(i64 noundef %a, i64 noundef %b) {
  %v0 = insertvalue [2 x i64] poison, i64 %a, 0
  %v1 = insertvalue [2 x i64] %v0, i64 %b, 1
  ret [2 x i64] %v1
}
