; EXPECT: semantic_error value_mismatch
; WHY: ashr of a negative value keeps the sign bits that lshr clears

define i16 @src(i16 noundef %x) {
  %r = ashr i16 %x, 3
  ret i16 %r
}

define i16 @tgt(i16 noundef %x) {
  %r = lshr i16 %x, 3
  ret i16 %r
}
