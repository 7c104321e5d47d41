; EXPECT: semantic_error value_mismatch
; WHY: insertelement at a variable index writes the lane it names, not always lane 0

define <2 x i8> @src(<2 x i8> noundef %v, i8 noundef %x, i32 noundef %i) {
  %w = insertelement <2 x i8> %v, i8 %x, i32 %i
  ret <2 x i8> %w
}

define <2 x i8> @tgt(<2 x i8> noundef %v, i8 noundef %x, i32 noundef %i) {
  %w = insertelement <2 x i8> %v, i8 %x, i32 0
  ret <2 x i8> %w
}
