; EXPECT: correct
; WHY: (x << 4) and (y & 15) share no bits, so disjoint holds and or == add

define i8 @src(i8 noundef %x, i8 noundef %y) {
  %h = shl i8 %x, 4
  %l = and i8 %y, 15
  %r = add i8 %h, %l
  ret i8 %r
}

define i8 @tgt(i8 noundef %x, i8 noundef %y) {
  %h = shl i8 %x, 4
  %l = and i8 %y, 15
  %r = or disjoint i8 %h, %l
  ret i8 %r
}
