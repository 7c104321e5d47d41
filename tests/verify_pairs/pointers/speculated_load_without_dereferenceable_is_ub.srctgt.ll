; EXPECT: semantic_error source_more_defined
; WHY: without dereferenceable, p may be null or dangling: loading it on the path that did not is UB

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(ptr noundef %p, i1 noundef %c) {
  br i1 %c, label %then, label %else
then:
  %v = load i32, ptr %p, align 1
  ret i32 %v
else:
  ret i32 0
}

define i32 @tgt(ptr noundef %p, i1 noundef %c) {
  %v = load i32, ptr %p, align 1
  %r = select i1 %c, i32 %v, i32 0
  ret i32 %r
}
