; EXPECT: correct
; WHY: instcombine adds nonnull dereferenceable(1) to printf's format and nounwind to the call: all true of a constant string

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@.str = private unnamed_addr constant [4 x i8] c"%d\0A\00", align 1
declare i32 @printf(ptr noundef, ...)

define i32 @src(i32 noundef %x) {
  %x.addr = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4
  %v = load i32, ptr %x.addr, align 4
  %r = call i32 (ptr, ...) @printf(ptr noundef @.str, i32 noundef %v)
  ret i32 0
}

define i32 @tgt(i32 noundef %x) {
  %r = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str, i32 noundef %x) nounwind
  ret i32 0
}
