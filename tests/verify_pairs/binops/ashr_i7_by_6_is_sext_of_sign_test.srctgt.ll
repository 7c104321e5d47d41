; EXPECT: correct
; WHY: an i7 arithmetic shift by width-1 smears the sign bit

define i7 @src(i7 noundef %x) {
  %r = ashr i7 %x, 6
  ret i7 %r
}

define i7 @tgt(i7 noundef %x) {
  %c = icmp slt i7 %x, 0
  %r = sext i1 %c to i7
  ret i7 %r
}
