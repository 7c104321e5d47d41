; EXPECT: correct
; WHY: LangRef insertelement: an index past the end makes the result poison (every lane)

define <2 x i32> @src(<2 x i32> %v, i32 %x) {
  %w = insertelement <2 x i32> %v, i32 %x, i64 5
  ret <2 x i32> %w
}

define <2 x i32> @tgt(<2 x i32> %v, i32 %x) {
  ret <2 x i32> zeroinitializer
}
