; EXPECT: semantic_error source_more_defined
; WHY: tgt loads 4 bytes at offset 8 of an 8-byte alloca: out of bounds, UB

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src(i32 noundef %x) {
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  %p = alloca [2 x i32], align 4
  store i32 %x, ptr %p, align 4
  %q = getelementptr inbounds i8, ptr %p, i64 8
  %v = load i32, ptr %q, align 4
  %z = and i32 %v, 0
  %r = or i32 %x, %z
  ret i32 %r
}
