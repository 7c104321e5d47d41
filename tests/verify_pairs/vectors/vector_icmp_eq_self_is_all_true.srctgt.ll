; EXPECT: correct
; WHY: icmp eq of a defined vector with itself is true in every lane

define <4 x i1> @src(<4 x i32> noundef %a) {
  %c = icmp eq <4 x i32> %a, %a
  ret <4 x i1> %c
}

define <4 x i1> @tgt(<4 x i32> noundef %a) {
  ret <4 x i1> <i1 true, i1 true, i1 true, i1 true>
}
