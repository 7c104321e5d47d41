; EXPECT: semantic_error source_more_defined
; WHY: llvm.trap is not UB: it is a call that does not return (Alive2 models it as a noreturn call), so unreachable is less defined

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @llvm.trap()

define i32 @src(i32 noundef %x) {
  %c = icmp eq i32 %x, 0
  br i1 %c, label %bad, label %ok
bad:
  call void @llvm.trap()
  unreachable
ok:
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  %c = icmp eq i32 %x, 0
  br i1 %c, label %bad, label %ok
bad:
  unreachable
ok:
  ret i32 %x
}
