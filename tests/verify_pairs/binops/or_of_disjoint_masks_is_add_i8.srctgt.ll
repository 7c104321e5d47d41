; EXPECT: correct
; WHY: (x & 15) and (y & 240) share no bits, so or == add

define i8 @src(i8 noundef %x, i8 noundef %y) {
  %a = and i8 %x, 15
  %b = and i8 %y, -16
  %r = or i8 %a, %b
  ret i8 %r
}

define i8 @tgt(i8 noundef %x, i8 noundef %y) {
  %a = and i8 %x, 15
  %b = and i8 %y, -16
  %r = add i8 %a, %b
  ret i8 %r
}
