; EXPECT: semantic_error target_more_poisonous
; WHY: the element never stored reads as poison (uninitialised stack memory)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define [2 x i64] @src(i64 noundef %a) {
  %v0 = insertvalue [2 x i64] zeroinitializer, i64 %a, 0
  ret [2 x i64] %v0
}

define [2 x i64] @tgt(i64 noundef %a) {
  %p = alloca [2 x i64], align 8
  store i64 %a, ptr %p, align 8
  %v = load [2 x i64], ptr %p, align 8
  ret [2 x i64] %v
}
