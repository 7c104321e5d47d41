; EXPECT: semantic_error target_more_poisonous
; WHY: without noundef the call may return poison; removing the freeze makes tgt more poisonous

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare i32 @f()

define i32 @src() {
  %a = call i32 @f()
  %b = freeze i32 %a
  ret i32 %b
}

define i32 @tgt() {
  %a = call i32 @f()
  ret i32 %a
}
