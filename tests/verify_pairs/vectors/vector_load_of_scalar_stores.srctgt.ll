; EXPECT: correct
; WHY: four i32 stores at offsets 0, 4, 8, 12 read back as one <4 x i32> load, lane k from offset 4k

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define <4 x i32> @src(i32 noundef %a, i32 noundef %b, i32 noundef %c, i32 noundef %d) {
  %p = alloca [4 x i32], align 16
  store i32 %a, ptr %p, align 16
  %p1 = getelementptr inbounds i8, ptr %p, i64 4
  store i32 %b, ptr %p1, align 4
  %p2 = getelementptr inbounds i8, ptr %p, i64 8
  store i32 %c, ptr %p2, align 8
  %p3 = getelementptr inbounds i8, ptr %p, i64 12
  store i32 %d, ptr %p3, align 4
  %v = load <4 x i32>, ptr %p, align 16
  ret <4 x i32> %v
}

define <4 x i32> @tgt(i32 noundef %a, i32 noundef %b, i32 noundef %c, i32 noundef %d) {
  %v0 = insertelement <4 x i32> poison, i32 %a, i64 0
  %v1 = insertelement <4 x i32> %v0, i32 %b, i64 1
  %v2 = insertelement <4 x i32> %v1, i32 %c, i64 2
  %v3 = insertelement <4 x i32> %v2, i32 %d, i64 3
  ret <4 x i32> %v3
}
