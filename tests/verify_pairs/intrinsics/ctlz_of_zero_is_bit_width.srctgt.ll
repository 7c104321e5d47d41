; EXPECT: correct
; WHY: ctlz(0, false) returns the bit width (32)

declare i32 @llvm.ctlz.i32(i32, i1)

define i32 @src(i32 noundef %x) {
  %z = and i32 %x, 0
  %r = call i32 @llvm.ctlz.i32(i32 %z, i1 false)
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 32
}
