; EXPECT: inconclusive unsupported
; WHY: intrinsics are outside the first wave (later: smax(x, y) == x >s y ? x : y)
; WAVE: 2
; EXPECT-WAVE2: correct

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
