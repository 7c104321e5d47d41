; EXPECT: correct
; WHY: dropping an assume only removes UB

declare void @llvm.assume(i1)

define i32 @src(i32 %x) {
  %c = icmp ult i32 %x, 100
  call void @llvm.assume(i1 %c)
  ret i32 %x
}

define i32 @tgt(i32 %x) {
  ret i32 %x
}
