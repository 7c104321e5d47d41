; EXPECT: correct
; WHY: dropping nsw removes poison lane by lane

define <2 x i8> @src(<2 x i8> %a, <2 x i8> %b) {
  %r = add nsw <2 x i8> %a, %b
  ret <2 x i8> %r
}

define <2 x i8> @tgt(<2 x i8> %a, <2 x i8> %b) {
  %r = add <2 x i8> %a, %b
  ret <2 x i8> %r
}
