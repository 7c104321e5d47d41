; EXPECT: correct
; WHY: (x + 3) + 4 == x + 7 modulo 2^33

define i33 @src(i33 noundef %x) {
  %a = add i33 %x, 3
  %r = add i33 %a, 4
  ret i33 %r
}

define i33 @tgt(i33 noundef %x) {
  %r = add i33 %x, 7
  ret i33 %r
}
