; EXPECT: correct
; WHY: trunc(zext i8 x to i32) to i16 == zext i8 x to i16

define i16 @src(i8 %x) {
  %z = zext i8 %x to i32
  %r = trunc i32 %z to i16
  ret i16 %r
}

define i16 @tgt(i8 %x) {
  %r = zext i8 %x to i16
  ret i16 %r
}
