; EXPECT: semantic_error
; WHY: without nocapture @f may keep the local's address, and @g may return it: the store through %q may change the local
declare void @f(ptr)
declare ptr @g()

define i8 @src() {
  %p = alloca i8
  store i8 1, ptr %p
  call void @f(ptr %p)
  %v1 = load i8, ptr %p
  %q = call ptr @g()
  store i8 2, ptr %q
  %v2 = load i8, ptr %p
  ret i8 %v2
}

define i8 @tgt() {
  %p = alloca i8
  store i8 1, ptr %p
  call void @f(ptr %p)
  %v1 = load i8, ptr %p
  %q = call ptr @g()
  store i8 2, ptr %q
  ret i8 %v1
}
