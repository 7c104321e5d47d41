; EXPECT: correct
; WHY: x << 127 == x * 2^127 in i128

define i128 @src(i128 noundef %x) {
  %r = shl i128 %x, 127
  ret i128 %r
}

define i128 @tgt(i128 noundef %x) {
  %r = mul i128 %x, -170141183460469231731687303715884105728
  ret i128 %r
}
