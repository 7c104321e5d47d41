; EXPECT: semantic_error value_mismatch
; WHY: sext and zext differ on lanes with the sign bit set

define <2 x i16> @src(<2 x i8> noundef %x) {
  %w = sext <2 x i8> %x to <2 x i16>
  ret <2 x i16> %w
}

define <2 x i16> @tgt(<2 x i8> noundef %x) {
  %w = zext <2 x i8> %x to <2 x i16>
  ret <2 x i16> %w
}
