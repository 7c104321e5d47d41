; EXPECT: correct
; WHY: ~x == -(x + 1) in two's complement

define i128 @src(i128 noundef %x) {
  %r = xor i128 %x, -1
  ret i128 %r
}

define i128 @tgt(i128 noundef %x) {
  %a = add i128 %x, 1
  %r = sub i128 0, %a
  ret i128 %r
}
