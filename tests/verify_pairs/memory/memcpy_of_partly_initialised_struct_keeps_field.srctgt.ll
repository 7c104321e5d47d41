; EXPECT: correct
; WHY: memcpy copies each byte, poison or not, so the initialised first field of a half-initialised struct survives the copy
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
  ret i32 %x
}
