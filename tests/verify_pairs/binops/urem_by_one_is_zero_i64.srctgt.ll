; EXPECT: correct
; WHY: x %u 1 == 0

define i64 @src(i64 noundef %x) {
  %r = urem i64 %x, 1
  ret i64 %r
}

define i64 @tgt(i64 noundef %x) {
  ret i64 0
}
