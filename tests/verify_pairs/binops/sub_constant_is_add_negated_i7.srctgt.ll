; EXPECT: correct
; WHY: x - 3 == x + (-3) in i7 (-3 is 125 unsigned)

define i7 @src(i7 noundef %x) {
  %r = sub i7 %x, 3
  ret i7 %r
}

define i7 @tgt(i7 noundef %x) {
  %r = add i7 %x, -3
  ret i7 %r
}
