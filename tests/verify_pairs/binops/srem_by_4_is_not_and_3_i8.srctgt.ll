; EXPECT: semantic_error value_mismatch
; WHY: srem keeps the dividend's sign: -5 %s 4 = -1 but -5 & 3 = 3

define i8 @src(i8 noundef %x) {
  %r = srem i8 %x, 4
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %r = and i8 %x, 3
  ret i8 %r
}
