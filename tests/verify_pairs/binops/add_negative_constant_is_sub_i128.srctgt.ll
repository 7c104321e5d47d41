; EXPECT: correct
; WHY: x + (-5) == x - 5 in i128 wrapping arithmetic

define i128 @src(i128 noundef %x) {
  %r = add i128 %x, -5
  ret i128 %r
}

define i128 @tgt(i128 noundef %x) {
  %r = sub i128 %x, 5
  ret i128 %r
}
