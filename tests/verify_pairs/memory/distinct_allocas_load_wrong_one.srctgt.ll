; EXPECT: semantic_error value_mismatch
; WHY: the load reads alloca a (x), not alloca b (y)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %a = alloca i32, align 4
  %b = alloca i32, align 4
  store i32 %x, ptr %a, align 4
  store i32 %y, ptr %b, align 4
  %v = load i32, ptr %a, align 4
  ret i32 %v
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  ret i32 %y
}
