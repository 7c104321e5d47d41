; EXPECT: correct
; WHY: zext nneg is poison for negative inputs; for the rest zext == sext

define i32 @src(i8 noundef %x) {
  %r = zext nneg i8 %x to i32
  ret i32 %r
}

define i32 @tgt(i8 noundef %x) {
  %r = sext i8 %x to i32
  ret i32 %r
}
