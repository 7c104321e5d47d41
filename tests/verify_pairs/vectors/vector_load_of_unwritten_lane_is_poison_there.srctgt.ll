; EXPECT: semantic_error target_more_poisonous
; WHY: an uninitialised stack lane loads as poison, so tgt's lane 1 is poison where src's is 0

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define <2 x i32> @src(i32 noundef %a) {
  %v0 = insertelement <2 x i32> zeroinitializer, i32 %a, i64 0
  ret <2 x i32> %v0
}

define <2 x i32> @tgt(i32 noundef %a) {
  %p = alloca <2 x i32>, align 8
  store i32 %a, ptr %p, align 8
  %v = load <2 x i32>, ptr %p, align 8
  ret <2 x i32> %v
}
