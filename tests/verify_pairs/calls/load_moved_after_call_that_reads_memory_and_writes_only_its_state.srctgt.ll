; EXPECT: correct
; WHY: @f reads memory but writes only its hidden state; freeing is a write to the freed object, so @f frees nothing the module can reach (Alive2 agrees) and the load may move after it
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @f() memory(read, inaccessiblemem: write)

define i32 @src(ptr noundef %p) {
  %v = load i32, ptr %p, align 4
  call void @f()
  ret i32 %v
}

define i32 @tgt(ptr noundef %p) {
  call void @f()
  %v = load i32, ptr %p, align 4
  ret i32 %v
}
