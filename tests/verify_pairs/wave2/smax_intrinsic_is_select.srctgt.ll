; EXPECT: semantic_error
; WHY: smax(x, y) == x >s y ? x : y only for defined inputs: x, y may be undef here, and the select's second use of undef x may differ from the icmp's, so tgt can return values below y (more undefined than smax)

declare i32 @llvm.smax.i32(i32, i32)

define i32 @src(i32 %x, i32 %y) {
  %r = call i32 @llvm.smax.i32(i32 %x, i32 %y)
  ret i32 %r
}

define i32 @tgt(i32 %x, i32 %y) {
  %c = icmp sgt i32 %x, %y
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}
