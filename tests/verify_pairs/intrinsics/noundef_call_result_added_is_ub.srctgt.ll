; EXPECT: semantic_error source_more_defined
; WHY: noundef on a call result makes a poison result UB: ctlz(0, true) is poison, so UB in tgt

declare i32 @llvm.ctlz.i32(i32, i1)

define i32 @src(i32 noundef %x) {
  %r = call i32 @llvm.ctlz.i32(i32 %x, i1 true)
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = call noundef i32 @llvm.ctlz.i32(i32 %x, i1 true)
  ret i32 %r
}
