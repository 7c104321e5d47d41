; EXPECT: semantic_error source_more_defined
; WHY: assume of a poison condition is UB (Alive2 AndNonPoison), even if the bits are true

declare void @llvm.assume(i1)

define i8 @src(i8 noundef %x) {
  ret i8 %x
}

define i8 @tgt(i8 noundef %x) {
  %s = add nsw i8 %x, 1
  %c = icmp ne i8 %s, 0
  %d = or i1 %c, true
  call void @llvm.assume(i1 %d)
  ret i8 %x
}
