; EXPECT: correct
; WHY: an i1 shift by 0 returns x and by 1 (== width) is poison, so x refines it

define i1 @src(i1 %x, i1 %y) {
  %r = lshr i1 %x, %y
  ret i1 %r
}

define i1 @tgt(i1 %x, i1 %y) {
  ret i1 %x
}
