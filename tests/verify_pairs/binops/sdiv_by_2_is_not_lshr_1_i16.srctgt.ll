; EXPECT: semantic_error value_mismatch
; WHY: lshr ignores the sign: -2 /s 2 = -1 but -2 >>u 1 = 0x7fff

define i16 @src(i16 noundef %x) {
  %r = sdiv i16 %x, 2
  ret i16 %r
}

define i16 @tgt(i16 noundef %x) {
  %r = lshr i16 %x, 1
  ret i16 %r
}
