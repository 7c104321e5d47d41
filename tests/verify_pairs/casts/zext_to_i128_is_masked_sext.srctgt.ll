; EXPECT: correct
; WHY: zext i64 to i128 equals sext with the high 64 bits cleared

define i128 @src(i64 noundef %x) {
  %r = zext i64 %x to i128
  ret i128 %r
}

define i128 @tgt(i64 noundef %x) {
  %s = sext i64 %x to i128
  %r = and i128 %s, 18446744073709551615
  ret i128 %r
}
