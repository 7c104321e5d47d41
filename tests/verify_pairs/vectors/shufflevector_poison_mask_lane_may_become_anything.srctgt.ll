; EXPECT: correct
; WHY: a poison mask element gives a poison result lane, which any lane refines

define <2 x i32> @src(<2 x i32> %a, <2 x i32> %b) {
  %s = shufflevector <2 x i32> %a, <2 x i32> %b, <2 x i32> <i32 0, i32 poison>
  ret <2 x i32> %s
}

define <2 x i32> @tgt(<2 x i32> %a, <2 x i32> %b) {
  %s = shufflevector <2 x i32> %a, <2 x i32> %b, <2 x i32> <i32 0, i32 3>
  ret <2 x i32> %s
}
