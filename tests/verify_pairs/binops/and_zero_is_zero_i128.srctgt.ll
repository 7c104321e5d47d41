; EXPECT: correct
; WHY: x & 0 == 0

define i128 @src(i128 %x) {
  %r = and i128 %x, 0
  ret i128 %r
}

define i128 @tgt(i128 %x) {
  ret i128 0
}
