; EXPECT: correct
; WHY: an allocation that is only written and freed has no visible effect

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare ptr @malloc(i64)
declare void @free(ptr)

define i32 @src(i32 noundef %x) {
  %m = call ptr @malloc(i64 4)
  %c = icmp eq ptr %m, null
  br i1 %c, label %out, label %use
use:
  store i32 %x, ptr %m, align 4
  call void @free(ptr %m)
  br label %out
out:
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
