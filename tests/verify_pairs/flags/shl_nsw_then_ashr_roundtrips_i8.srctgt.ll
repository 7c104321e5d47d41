; EXPECT: correct
; WHY: shl nsw shifts out only copies of the sign bit, so ashr restores x

define i8 @src(i8 noundef %x) {
  %s = shl nsw i8 %x, 5
  %r = ashr i8 %s, 5
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  ret i8 %x
}
