; EXPECT: semantic_error source_more_defined
; WHY: free(p) ends p's lifetime; a load through p afterwards is UB

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @free(ptr)

define i32 @src(ptr noundef %p) {
  call void @free(ptr %p)
  ret i32 0
}

define i32 @tgt(ptr noundef %p) {
  call void @free(ptr %p)
  %v = load i32, ptr %p, align 4
  %z = and i32 %v, 0
  ret i32 %z
}
