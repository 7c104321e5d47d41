; EXPECT: semantic_error target_more_poisonous
; WHY: an integer load of bytes that hold a pointer is poison (Alive2's byte model for LLVM 19: the bytes carry provenance an integer cannot), so it is not ptrtoint
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i64 @src(ptr noundef %p) {
  %r = ptrtoint ptr %p to i64
  ret i64 %r
}

define i64 @tgt(ptr noundef %p) {
  %a = alloca ptr, align 8
  store ptr %p, ptr %a, align 8
  %v = load i64, ptr %a, align 8
  ret i64 %v
}
