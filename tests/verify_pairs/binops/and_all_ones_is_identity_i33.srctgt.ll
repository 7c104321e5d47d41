; EXPECT: correct
; WHY: x & -1 == x (all 33 bits set)

define i33 @src(i33 %x) {
  %r = and i33 %x, -1
  ret i33 %r
}

define i33 @tgt(i33 %x) {
  ret i33 %x
}
