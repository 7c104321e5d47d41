; EXPECT: semantic_error memory_mismatch
; WHY: freeze picks one path per execution: src returns 1 with @g = 1 or 2 with @g = 2; tgt's (return 2, @g = 1) is neither, though each half alone matches some src path
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@g = global i32 0

define i32 @src() {
  %c = freeze i1 poison
  br i1 %c, label %a, label %b
a:
  store i32 1, ptr @g, align 4
  ret i32 1
b:
  store i32 2, ptr @g, align 4
  ret i32 2
}

define i32 @tgt() {
  store i32 1, ptr @g, align 4
  ret i32 2
}
