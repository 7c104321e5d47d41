; EXPECT: semantic_error value_mismatch
; WHY: after shl nsw a negative x needs ashr, not lshr, to come back

define i8 @src(i8 noundef %x) {
  %s = shl nsw i8 %x, 5
  %r = lshr i8 %s, 5
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  ret i8 %x
}
