; EXPECT: correct
; WHY: ushl.sat(x | 0x80, 1) shifts a set bit out, so it saturates to 0xff

declare i8 @llvm.ushl.sat.i8(i8, i8)

define i8 @src(i8 noundef %x) {
  %t = or i8 %x, -128
  %r = call i8 @llvm.ushl.sat.i8(i8 %t, i8 1)
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  ret i8 -1
}
