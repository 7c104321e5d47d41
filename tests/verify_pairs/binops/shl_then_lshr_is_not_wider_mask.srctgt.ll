; EXPECT: semantic_error value_mismatch
; WHY: (x << 24) >>u 24 keeps 8 bits, not 9 (mask 511)

define i32 @src(i32 noundef %x) {
  %s = shl i32 %x, 24
  %r = lshr i32 %s, 24
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = and i32 %x, 511
  ret i32 %r
}
