; EXPECT: semantic_error value_mismatch
; WHY: umin is unsigned, slt is signed

declare i32 @llvm.umin.i32(i32, i32)

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = call i32 @llvm.umin.i32(i32 %x, i32 %y)
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp slt i32 %x, %y
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}
