; EXPECT: correct
; WHY: x * 3 == (x << 1) + x modulo 2^8

define i8 @src(i8 noundef %x) {
  %r = mul i8 %x, 3
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %s = shl i8 %x, 1
  %r = add i8 %s, %x
  ret i8 %r
}
