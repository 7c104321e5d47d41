; EXPECT: correct
; WHY: LangRef smax: the signed maximum; for defined inputs that is x >s y ? x : y

declare i32 @llvm.smax.i32(i32, i32)

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = call i32 @llvm.smax.i32(i32 %x, i32 %y)
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp sgt i32 %x, %y
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}
