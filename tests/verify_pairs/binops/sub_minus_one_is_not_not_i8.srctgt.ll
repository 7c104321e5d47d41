; EXPECT: semantic_error value_mismatch
; WHY: x - (-1) is x + 1, not ~x (Alive2's sub-is-not example)

define i8 @src(i8 noundef %x) {
  %r = sub i8 %x, -1
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %r = xor i8 %x, -1
  ret i8 %r
}
