; EXPECT: correct
; WHY: x /u 1 == x

define i64 @src(i64 %x) {
  %r = udiv i64 %x, 1
  ret i64 %r
}

define i64 @tgt(i64 %x) {
  ret i64 %x
}
