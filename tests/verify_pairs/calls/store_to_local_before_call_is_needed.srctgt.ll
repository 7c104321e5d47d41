; EXPECT: semantic_error source_more_defined
; WHY: the callee reads the local it is given: dropping the store before the call changes its input

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @f(ptr)

define void @src(i32 noundef %x) {
  %a = alloca i32, align 4
  store i32 %x, ptr %a, align 4
  call void @f(ptr %a)
  ret void
}

define void @tgt(i32 noundef %x) {
  %a = alloca i32, align 4
  call void @f(ptr %a)
  ret void
}
