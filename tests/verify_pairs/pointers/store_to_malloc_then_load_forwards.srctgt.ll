; EXPECT: correct
; WHY: a fresh heap block is not aliased by the argument, so the stored value is read back

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare ptr @malloc(i64)

define i32 @src(ptr noundef %p, i32 noundef %x) {
  %m = call ptr @malloc(i64 4)
  %c = icmp eq ptr %m, null
  br i1 %c, label %fail, label %ok
ok:
  store i32 %x, ptr %m, align 4
  store i32 0, ptr %p, align 4
  %v = load i32, ptr %m, align 4
  store ptr %m, ptr %p, align 8
  ret i32 %v
fail:
  ret i32 -1
}

define i32 @tgt(ptr noundef %p, i32 noundef %x) {
  %m = call ptr @malloc(i64 4)
  %c = icmp eq ptr %m, null
  br i1 %c, label %fail, label %ok
ok:
  store i32 %x, ptr %m, align 4
  store ptr %m, ptr %p, align 8
  ret i32 %x
fail:
  ret i32 -1
}
