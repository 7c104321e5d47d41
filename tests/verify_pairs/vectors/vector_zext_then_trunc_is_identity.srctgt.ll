; EXPECT: correct
; WHY: trunc(zext(x)) == x lane by lane

define <2 x i8> @src(<2 x i8> %x) {
  %w = zext <2 x i8> %x to <2 x i16>
  %n = trunc <2 x i16> %w to <2 x i8>
  ret <2 x i8> %n
}

define <2 x i8> @tgt(<2 x i8> %x) {
  ret <2 x i8> %x
}
