; EXPECT: semantic_error source_more_defined
; WHY: a new assume(x == 5) is UB for x != 5, where src is defined

declare void @llvm.assume(i1)

define i32 @src(i32 noundef %x) {
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  %c = icmp eq i32 %x, 5
  call void @llvm.assume(i1 %c)
  ret i32 %x
}
