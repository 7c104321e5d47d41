; EXPECT: correct
; WHY: x %u y == x - (x /u y) * y; both are UB for y = 0

define i8 @src(i8 noundef %x, i8 noundef %y) {
  %r = urem i8 %x, %y
  ret i8 %r
}

define i8 @tgt(i8 noundef %x, i8 noundef %y) {
  %d = udiv i8 %x, %y
  %m = mul i8 %d, %y
  %r = sub i8 %x, %m
  ret i8 %r
}
