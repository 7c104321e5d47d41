; EXPECT: correct
; WHY: or disjoint guarantees no common bits, so it equals xor

define i8 @src(i8 noundef %x, i8 noundef %y) {
  %r = or disjoint i8 %x, %y
  ret i8 %r
}

define i8 @tgt(i8 noundef %x, i8 noundef %y) {
  %r = xor i8 %x, %y
  ret i8 %r
}
