; EXPECT: correct
; WHY: lane-wise add is commutative

define <4 x i32> @src(<4 x i32> %a, <4 x i32> %b) {
  %r = add <4 x i32> %a, %b
  ret <4 x i32> %r
}

define <4 x i32> @tgt(<4 x i32> %a, <4 x i32> %b) {
  %r = add <4 x i32> %b, %a
  ret <4 x i32> %r
}
