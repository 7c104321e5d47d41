; EXPECT: correct
; WHY: fcmp true is always 1 (operands are noundef, so it is not poison)

define i1 @src(half noundef %x, half noundef %y) {
  %r = fcmp true half %x, %y
  ret i1 %r
}

define i1 @tgt(half noundef %x, half noundef %y) {
  ret i1 true
}
