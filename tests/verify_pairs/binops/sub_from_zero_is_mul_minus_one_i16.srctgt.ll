; EXPECT: correct
; WHY: 0 - x == x * -1 modulo 2^16

define i16 @src(i16 noundef %x) {
  %r = sub i16 0, %x
  ret i16 %r
}

define i16 @tgt(i16 noundef %x) {
  %r = mul i16 %x, -1
  ret i16 %r
}
