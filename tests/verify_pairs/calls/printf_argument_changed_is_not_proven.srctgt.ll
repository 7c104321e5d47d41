; EXPECT: not_correct
; WHY: printf's output depends on its arguments; as a modelled-as-unknown libcall the bug is reported as couldn't prove

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@.str = private unnamed_addr constant [4 x i8] c"%d\0A\00", align 1
declare i32 @printf(ptr noundef, ...)

define void @src(i32 noundef %x) {
  %r = call i32 (ptr, ...) @printf(ptr noundef @.str, i32 noundef %x)
  ret void
}

define void @tgt(i32 noundef %x) {
  %y = add i32 %x, 1
  %r = call i32 (ptr, ...) @printf(ptr noundef @.str, i32 noundef %y)
  ret void
}
