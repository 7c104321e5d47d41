; EXPECT: semantic_error target_more_poisonous
; WHY: tgt stores the i64 at offset 5 (as if packed) and loads field 2 at offset 8: bytes 13..15 are uninitialised, so poison

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i64 @src(i64 noundef %b) {
  ret i64 %b
}

define i64 @tgt(i64 noundef %b) {
  %s = alloca { i8, i32, i64 }, align 8
  %q = getelementptr inbounds i8, ptr %s, i64 5
  store i64 %b, ptr %q, align 1
  %f = getelementptr inbounds { i8, i32, i64 }, ptr %s, i32 0, i32 2
  %v = load i64, ptr %f, align 8
  ret i64 %v
}
