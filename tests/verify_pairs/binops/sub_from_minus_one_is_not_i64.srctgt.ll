; EXPECT: correct
; WHY: -1 - x == ~x (no borrows out of an all-ones minuend)

define i64 @src(i64 noundef %x) {
  %r = sub i64 -1, %x
  ret i64 %r
}

define i64 @tgt(i64 noundef %x) {
  %r = xor i64 %x, -1
  ret i64 %r
}
