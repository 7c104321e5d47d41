; EXPECT: correct
; WHY: x | ~x == -1

define i16 @src(i16 noundef %x) {
  %n = xor i16 %x, -1
  %r = or i16 %x, %n
  ret i16 %r
}

define i16 @tgt(i16 noundef %x) {
  ret i16 -1
}
