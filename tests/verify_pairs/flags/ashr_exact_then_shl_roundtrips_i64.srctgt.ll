; EXPECT: correct
; WHY: ashr exact loses no set bits, so shl restores x

define i64 @src(i64 noundef %x) {
  %s = ashr exact i64 %x, 4
  %r = shl i64 %s, 4
  ret i64 %r
}

define i64 @tgt(i64 noundef %x) {
  ret i64 %x
}
