; EXPECT: semantic_error target_more_poisonous
; WHY: memcpy keeps the initialised first field of a half-initialised struct; an i64 load of the struct is poison (one poison byte makes the integer poison), so the copied field becomes poison
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define i32 @src(i32 noundef %x) {
  %a = alloca { i32, i32 }, align 4
  %b = alloca { i32, i32 }, align 4
  store i32 %x, ptr %a, align 4
  call void @llvm.memcpy.p0.p0.i64(ptr align 4 %b, ptr align 4 %a, i64 8, i1 false)
  %r = load i32, ptr %b, align 4
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %a = alloca { i32, i32 }, align 4
  %b = alloca { i32, i32 }, align 4
  store i32 %x, ptr %a, align 4
  %v = load i64, ptr %a, align 4
  store i64 %v, ptr %b, align 4
  %r = load i32, ptr %b, align 4
  ret i32 %r
}
