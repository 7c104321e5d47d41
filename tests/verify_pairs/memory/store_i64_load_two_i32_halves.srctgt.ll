; EXPECT: correct
; WHY: the two i32 halves of a stored i64 reassemble to it (low half at offset 0)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i64 @src(i64 noundef %x) {
  %p = alloca i64, align 8
  store i64 %x, ptr %p, align 8
  %lo = load i32, ptr %p, align 8
  %q = getelementptr inbounds i8, ptr %p, i64 4
  %hi = load i32, ptr %q, align 4
  %zl = zext i32 %lo to i64
  %zh = zext i32 %hi to i64
  %sh = shl i64 %zh, 32
  %r = or i64 %sh, %zl
  ret i64 %r
}

define i64 @tgt(i64 noundef %x) {
  ret i64 %x
}
