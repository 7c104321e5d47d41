; EXPECT: correct
; WHY: mask element 3 of two 2-lane vectors is lane 1 of the second operand

define <2 x i32> @src(<2 x i32> %a, <2 x i32> %b) {
  %s = shufflevector <2 x i32> %a, <2 x i32> %b, <2 x i32> <i32 0, i32 3>
  ret <2 x i32> %s
}

define <2 x i32> @tgt(<2 x i32> %a, <2 x i32> %b) {
  %e = extractelement <2 x i32> %b, i64 1
  %r = insertelement <2 x i32> %a, i32 %e, i64 1
  ret <2 x i32> %r
}
