; EXPECT: semantic_error value_mismatch
; WHY: trunc keeps the low byte, not bits 8..15

define i8 @src(i16 noundef %x) {
  %r = trunc i16 %x to i8
  ret i8 %r
}

define i8 @tgt(i16 noundef %x) {
  %s = lshr i16 %x, 8
  %r = trunc i16 %s to i8
  ret i8 %r
}
