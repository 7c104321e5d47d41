; EXPECT: correct
; WHY: swapping the two bytes of an i16 is a rotation by 8, fshl(x, x, 8)

declare i16 @llvm.bswap.i16(i16)
declare i16 @llvm.fshl.i16(i16, i16, i16)

define i16 @src(i16 noundef %x) {
  %r = call i16 @llvm.bswap.i16(i16 %x)
  ret i16 %r
}

define i16 @tgt(i16 noundef %x) {
  %r = call i16 @llvm.fshl.i16(i16 %x, i16 %x, i16 8)
  ret i16 %r
}
