; EXPECT: correct
; WHY: umax(x, 0) = x for every x (0 is the unsigned minimum), poison x gives poison

declare i16 @llvm.umax.i16(i16, i16)

define i16 @src(i16 %x) {
  %r = call i16 @llvm.umax.i16(i16 %x, i16 0)
  ret i16 %r
}

define i16 @tgt(i16 %x) {
  ret i16 %x
}
