; EXPECT: semantic_error value_mismatch
; WHY: nocapture does not stop @f from writing the local during the call (it may write memory its arguments point to); Alive2 says correct here only because its callees never write the caller's stack
declare void @f(ptr nocapture)

define i8 @src() {
  %p = alloca i8
  store i8 1, ptr %p
  call void @f(ptr %p)
  %v = load i8, ptr %p
  ret i8 %v
}

define i8 @tgt() {
  %p = alloca i8
  store i8 1, ptr %p
  call void @f(ptr %p)
  ret i8 1
}
