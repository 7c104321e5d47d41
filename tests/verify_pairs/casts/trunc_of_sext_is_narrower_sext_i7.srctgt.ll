; EXPECT: correct
; WHY: trunc(sext i7 x to i33) to i16 == sext i7 x to i16

define i16 @src(i7 %x) {
  %s = sext i7 %x to i33
  %r = trunc i33 %s to i16
  ret i16 %r
}

define i16 @tgt(i7 %x) {
  %r = sext i7 %x to i16
  ret i16 %r
}
