; EXPECT: semantic_error source_more_defined
; WHY: src aborts (no UB) when x is 0; tgt divides by x first

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @abort() noreturn nounwind

define i32 @src(i32 noundef %x) {
  %c = icmp eq i32 %x, 0
  br i1 %c, label %die, label %ok
die:
  call void @abort()
  unreachable
ok:
  %d = udiv i32 10, %x
  ret i32 %d
}

define i32 @tgt(i32 noundef %x) {
  %d = udiv i32 10, %x
  %c = icmp eq i32 %x, 0
  br i1 %c, label %die, label %ok
die:
  call void @abort()
  unreachable
ok:
  ret i32 %d
}
