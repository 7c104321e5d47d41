; EXPECT: correct
; WHY: lane-wise x * 2 == x << 1 modulo 2^16

define <4 x i16> @src(<4 x i16> %x) {
  %r = mul <4 x i16> %x, <i16 2, i16 2, i16 2, i16 2>
  ret <4 x i16> %r
}

define <4 x i16> @tgt(<4 x i16> %x) {
  %r = shl <4 x i16> %x, <i16 1, i16 1, i16 1, i16 1>
  ret <4 x i16> %r
}
