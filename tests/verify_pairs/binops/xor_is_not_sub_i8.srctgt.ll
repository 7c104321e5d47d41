; EXPECT: semantic_error value_mismatch
; WHY: 1 ^ 2 = 3 but 1 - 2 = -1 (xor is subtraction only in i1)

define i8 @src(i8 noundef %x, i8 noundef %y) {
  %r = xor i8 %x, %y
  ret i8 %r
}

define i8 @tgt(i8 noundef %x, i8 noundef %y) {
  %r = sub i8 %x, %y
  ret i8 %r
}
