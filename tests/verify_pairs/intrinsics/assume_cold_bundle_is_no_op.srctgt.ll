; EXPECT: correct
; WHY: the "cold" assume bundle carries no semantics; assume(true) with it can be dropped

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.assume(i1)

define i32 @src(i32 %x) {
  call void @llvm.assume(i1 true) [ "cold"() ]
  ret i32 %x
}

define i32 @tgt(i32 %x) {
  ret i32 %x
}
