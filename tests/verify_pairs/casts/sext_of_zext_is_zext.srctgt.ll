; EXPECT: correct
; WHY: a zext result is non-negative in the wider type, so a further sext is a zext

define i32 @src(i8 %x) {
  %z = zext i8 %x to i16
  %r = sext i16 %z to i32
  ret i32 %r
}

define i32 @tgt(i8 %x) {
  %r = zext i8 %x to i32
  ret i32 %r
}
