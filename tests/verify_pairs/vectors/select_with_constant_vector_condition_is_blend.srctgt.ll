; EXPECT: correct
; WHY: a vector condition selects lane by lane: <true, false> takes lane 0 of a and lane 1 of b

define <2 x i32> @src(<2 x i32> %a, <2 x i32> %b) {
  %s = select <2 x i1> <i1 true, i1 false>, <2 x i32> %a, <2 x i32> %b
  ret <2 x i32> %s
}

define <2 x i32> @tgt(<2 x i32> %a, <2 x i32> %b) {
  %s = shufflevector <2 x i32> %a, <2 x i32> %b, <2 x i32> <i32 0, i32 3>
  ret <2 x i32> %s
}
