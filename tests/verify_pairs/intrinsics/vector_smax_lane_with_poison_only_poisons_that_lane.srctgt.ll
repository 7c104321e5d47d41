; EXPECT: semantic_error target_more_poisonous
; WHY: smax on vectors is lane-wise: a poison lane of y poisons only that lane of the result, not the whole vector

declare <2 x i8> @llvm.smax.v2i8(<2 x i8>, <2 x i8>)

define <2 x i8> @src(<2 x i8> noundef %x) {
  %r = call <2 x i8> @llvm.smax.v2i8(<2 x i8> %x, <2 x i8> <i8 0, i8 poison>)
  ret <2 x i8> %r
}

define <2 x i8> @tgt(<2 x i8> noundef %x) {
  ret <2 x i8> poison
}
