; EXPECT: semantic_error value_mismatch
; WHY: x & 15 keeps bit 3, x & 7 does not (off-by-one mask)

define i8 @src(i8 noundef %x) {
  %r = and i8 %x, 15
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %r = and i8 %x, 7
  ret i8 %r
}
