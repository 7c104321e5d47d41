; EXPECT: correct
; WHY: select !c, x, y == select c, y, x

define i32 @src(i1 %c, i32 %x, i32 %y) {
  %n = xor i1 %c, true
  %r = select i1 %n, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i1 %c, i32 %x, i32 %y) {
  %r = select i1 %c, i32 %y, i32 %x
  ret i32 %r
}
