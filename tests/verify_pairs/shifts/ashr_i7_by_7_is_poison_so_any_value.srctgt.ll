; EXPECT: correct
; WHY: ashr by an amount equal to the width (7 for i7) is poison

define i7 @src(i7 noundef %x) {
  %r = ashr i7 %x, 7
  ret i7 %r
}

define i7 @tgt(i7 noundef %x) {
  ret i7 5
}
