; EXPECT: semantic_error target_more_poisonous
; WHY: comparing two pointers by loading their stored bytes as integers compares poison (an integer load of pointer bytes is poison, Alive2 / LLVM 19), not addresses
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i1 @src(ptr noundef %p, ptr noundef %q) {
  %c = icmp eq ptr %p, %q
  ret i1 %c
}

define i1 @tgt(ptr noundef %p, ptr noundef %q) {
  %a = alloca ptr, align 8
  %b = alloca ptr, align 8
  store ptr %p, ptr %a, align 8
  store ptr %q, ptr %b, align 8
  %x = load i64, ptr %a, align 8
  %y = load i64, ptr %b, align 8
  %c = icmp eq i64 %x, %y
  ret i1 %c
}
