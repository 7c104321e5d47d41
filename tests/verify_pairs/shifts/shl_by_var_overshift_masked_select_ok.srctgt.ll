; EXPECT: correct
; WHY: src selects 0 when y >= 32, so its poison shift is never returned; tgt masks the amount

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %s = shl i32 %x, %y
  %c = icmp ult i32 %y, 32
  %r = select i1 %c, i32 %s, i32 0
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %m = and i32 %y, 31
  %s = shl i32 %x, %m
  %c = icmp ult i32 %y, 32
  %r = select i1 %c, i32 %s, i32 0
  ret i32 %r
}
