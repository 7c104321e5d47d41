; EXPECT: correct
; WHY: with noundef operands neither side can be poison, so select c, x, false == and

define i1 @src(i1 noundef %c, i1 noundef %x) {
  %r = select i1 %c, i1 %x, i1 false
  ret i1 %r
}

define i1 @tgt(i1 noundef %c, i1 noundef %x) {
  %r = and i1 %c, %x
  ret i1 %r
}
