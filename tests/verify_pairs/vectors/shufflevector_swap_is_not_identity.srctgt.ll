; EXPECT: semantic_error value_mismatch
; WHY: mask <1, 0> swaps the lanes

define <2 x i32> @src(<2 x i32> noundef %a) {
  %s = shufflevector <2 x i32> %a, <2 x i32> poison, <2 x i32> <i32 1, i32 0>
  ret <2 x i32> %s
}

define <2 x i32> @tgt(<2 x i32> noundef %a) {
  ret <2 x i32> %a
}
