; EXPECT: correct
; WHY: getelementptr with all-zero indices is the pointer itself

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define ptr @src(ptr noundef %p) {
  %q = getelementptr inbounds i32, ptr %p, i64 0
  ret ptr %q
}

define ptr @tgt(ptr noundef %p) {
  ret ptr %p
}
