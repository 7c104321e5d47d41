; EXPECT: semantic_error target_more_poisonous
; WHY: src clamps the amount to 15 before shifting; tgt shifts by y itself, poison for y >= 16

define i16 @src(i16 noundef %x, i16 noundef %y) {
  %c = icmp ult i16 %y, 15
  %a = select i1 %c, i16 %y, i16 15
  %r = ashr i16 %x, %a
  ret i16 %r
}

define i16 @tgt(i16 noundef %x, i16 noundef %y) {
  %r = ashr i16 %x, %y
  ret i16 %r
}
