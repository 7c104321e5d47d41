; EXPECT: correct
; WHY: freeing an object writes it (LLVM declares free as memory(argmem: readwrite, inaccessiblemem: readwrite)); @f writes only its hidden state, so it frees nothing the module can reach and *p stays dereferenceable (Alive2: no free when a callee writes only inaccessible memory)
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @f() memory(inaccessiblemem: readwrite)

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
