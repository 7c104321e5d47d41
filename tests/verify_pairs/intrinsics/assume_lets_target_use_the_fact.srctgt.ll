; EXPECT: correct
; WHY: after assume(x == 5) every defined execution has x = 5 (assume of false is UB)

declare void @llvm.assume(i1)

define i32 @src(i32 %x) {
  %c = icmp eq i32 %x, 5
  call void @llvm.assume(i1 %c)
  ret i32 %x
}

define i32 @tgt(i32 %x) {
  ret i32 5
}
