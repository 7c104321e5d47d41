; EXPECT: correct
; WHY: x * -1 == 0 - x modulo 2^64

define i64 @src(i64 noundef %x) {
  %r = mul i64 %x, -1
  ret i64 %r
}

define i64 @tgt(i64 noundef %x) {
  %r = sub i64 0, %x
  ret i64 %r
}
