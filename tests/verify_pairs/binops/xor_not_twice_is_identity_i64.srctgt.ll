; EXPECT: correct
; WHY: ~~x == x

define i64 @src(i64 %x) {
  %a = xor i64 %x, -1
  %r = xor i64 %a, -1
  ret i64 %r
}

define i64 @tgt(i64 %x) {
  ret i64 %x
}
