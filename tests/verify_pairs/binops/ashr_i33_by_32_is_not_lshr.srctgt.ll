; EXPECT: semantic_error value_mismatch
; WHY: ashr i33 by 32 smears the sign bit; lshr leaves 0 or 1

define i33 @src(i33 noundef %x) {
  %r = ashr i33 %x, 32
  ret i33 %r
}

define i33 @tgt(i33 noundef %x) {
  %r = lshr i33 %x, 32
  ret i33 %r
}
