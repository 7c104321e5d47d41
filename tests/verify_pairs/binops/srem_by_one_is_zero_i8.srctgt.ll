; EXPECT: correct
; WHY: x %s 1 == 0

define i8 @src(i8 noundef %x) {
  %r = srem i8 %x, 1
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  ret i8 0
}
