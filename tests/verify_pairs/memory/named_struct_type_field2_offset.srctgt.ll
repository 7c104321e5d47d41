; EXPECT: correct
; WHY: %struct.S = { i8, i32, i64 } lays field 2 at offset 8, as clang's -O0 struct access assumes

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

%struct.S = type { i8, i32, i64 }

define i64 @src(i64 noundef %v) {
  %s = alloca %struct.S, align 8
  %f = getelementptr inbounds %struct.S, ptr %s, i32 0, i32 2
  store i64 %v, ptr %f, align 8
  %q = getelementptr inbounds i8, ptr %s, i64 8
  %r = load i64, ptr %q, align 8
  ret i64 %r
}

define i64 @tgt(i64 noundef %v) {
  ret i64 %v
}
