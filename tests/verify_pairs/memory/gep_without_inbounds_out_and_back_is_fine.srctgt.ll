; EXPECT: correct
; WHY: a GEP without inbounds may leave the object; coming back yields the original pointer

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %x) {
  %p = alloca i32, align 4
  store i32 %x, ptr %p, align 4
  %e = getelementptr i32, ptr %p, i64 5
  %q = getelementptr i32, ptr %e, i64 -5
  %v = load i32, ptr %q, align 4
  ret i32 %v
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
