; EXPECT: semantic_error value_mismatch
; WHY: a gep without inbounds may leave the object and wrap the address space, so p < p+4 can be false

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i1 @src(ptr noundef %p) {
  %q = getelementptr i8, ptr %p, i64 4
  %c = icmp ult ptr %p, %q
  ret i1 %c
}

define i1 @tgt(ptr noundef %p) {
  ret i1 true
}
