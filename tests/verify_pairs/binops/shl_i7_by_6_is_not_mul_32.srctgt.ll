; EXPECT: semantic_error value_mismatch
; WHY: x << 6 multiplies by 64, not 32 (odd width i7)

define i7 @src(i7 noundef %x) {
  %r = shl i7 %x, 6
  ret i7 %r
}

define i7 @tgt(i7 noundef %x) {
  %r = mul i7 %x, 32
  ret i7 %r
}
