; EXPECT: correct
; WHY: and c, x is poison whenever either is; select c, x, false is less poisonous

define i1 @src(i1 %c, i1 %x) {
  %r = and i1 %c, %x
  ret i1 %r
}

define i1 @tgt(i1 %c, i1 %x) {
  %r = select i1 %c, i1 %x, i1 false
  ret i1 %r
}
