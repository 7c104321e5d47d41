; EXPECT: correct
; WHY: dropping exact on ashr removes poison only

define i16 @src(i16 noundef %x) {
  %r = ashr exact i16 %x, 4
  ret i16 %r
}

define i16 @tgt(i16 noundef %x) {
  %r = ashr i16 %x, 4
  ret i16 %r
}
