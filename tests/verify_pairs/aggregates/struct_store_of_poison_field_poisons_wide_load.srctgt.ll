; EXPECT: semantic_error target_more_poisonous
; WHY: a poison field is stored as poison bytes, and an integer load over them is poison

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i64 @src(i32 noundef %a) {
  %lo = zext i32 %a to i64
  ret i64 %lo
}

define i64 @tgt(i32 noundef %a) {
  %p = alloca { i32, i32 }, align 8
  %s0 = insertvalue { i32, i32 } poison, i32 %a, 0
  store { i32, i32 } %s0, ptr %p, align 8
  %v = load i64, ptr %p, align 8
  ret i64 %v
}
