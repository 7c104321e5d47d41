; EXPECT: semantic_error source_more_defined
; WHY: a vector udiv is UB when any divisor lane is zero

define <2 x i32> @src(<2 x i32> noundef %a, <2 x i32> noundef %b) {
  ret <2 x i32> %a
}

define <2 x i32> @tgt(<2 x i32> noundef %a, <2 x i32> noundef %b) {
  %q = udiv <2 x i32> %a, %b
  %z = and <2 x i32> %q, zeroinitializer
  %r = or <2 x i32> %a, %z
  ret <2 x i32> %r
}
