; EXPECT: semantic_error target_more_poisonous
; WHY: a poison lane of a vector condition makes that result lane poison; a defined blend is not poison there

define <2 x i32> @src(<2 x i32> noundef %a, <2 x i32> noundef %b) {
  %s = shufflevector <2 x i32> %a, <2 x i32> %b, <2 x i32> <i32 0, i32 3>
  ret <2 x i32> %s
}

define <2 x i32> @tgt(<2 x i32> noundef %a, <2 x i32> noundef %b) {
  %s = select <2 x i1> <i1 true, i1 poison>, <2 x i32> %a, <2 x i32> %b
  ret <2 x i32> %s
}
