; EXPECT: correct
; WHY: with noundef, x is one value, so x + x == x << 1 == x * 2

define i8 @src(i8 noundef %x) {
  %r = shl i8 %x, 1
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %r = add i8 %x, %x
  ret i8 %r
}
