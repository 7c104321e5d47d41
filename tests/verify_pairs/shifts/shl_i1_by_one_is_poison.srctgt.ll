; EXPECT: correct
; WHY: shl i1 x, 1 shifts by the full width: poison

define i1 @src(i1 noundef %x) {
  %r = shl i1 %x, true
  ret i1 %r
}

define i1 @tgt(i1 noundef %x) {
  ret i1 false
}
