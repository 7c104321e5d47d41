; EXPECT: correct
; WHY: @f may write the local during the call (argmem) but keeps no copy of its address (nocapture), so the pointer @g returns cannot point to it and the store through it leaves the local as @f left it
declare void @f(ptr nocapture)
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
