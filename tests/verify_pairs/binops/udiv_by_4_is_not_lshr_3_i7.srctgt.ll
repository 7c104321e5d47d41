; EXPECT: semantic_error value_mismatch
; WHY: x /u 4 is x >> 2; x >> 3 divides by 8

define i7 @src(i7 noundef %x) {
  %r = udiv i7 %x, 4
  ret i7 %r
}

define i7 @tgt(i7 noundef %x) {
  %r = lshr i7 %x, 3
  ret i7 %r
}
