; EXPECT: correct
; WHY: x * 2 == x + x when x is a single defined value (noundef)

define i33 @src(i33 noundef %x) {
  %r = mul i33 %x, 2
  ret i33 %r
}

define i33 @tgt(i33 noundef %x) {
  %r = add i33 %x, %x
  ret i33 %r
}
