; EXPECT: semantic_error value_mismatch
; WHY: (x << 2) + x is x * 5, not x * 3

define i8 @src(i8 noundef %x) {
  %r = mul i8 %x, 3
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %s = shl i8 %x, 2
  %r = add i8 %s, %x
  ret i8 %r
}
