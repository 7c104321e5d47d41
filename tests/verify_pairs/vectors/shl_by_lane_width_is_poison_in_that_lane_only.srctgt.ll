; EXPECT: semantic_error target_more_poisonous
; WHY: an over-wide shift amount poisons its own lane; lane 0 (shift by 1) stays defined

define <2 x i8> @src(<2 x i8> noundef %x) {
  %r = shl <2 x i8> %x, <i8 1, i8 8>
  ret <2 x i8> %r
}

define <2 x i8> @tgt(<2 x i8> noundef %x) {
  ret <2 x i8> poison
}
