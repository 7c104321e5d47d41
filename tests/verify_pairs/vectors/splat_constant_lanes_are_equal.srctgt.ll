; EXPECT: correct
; WHY: a constant vector with equal lanes acts on every lane alike

define <2 x i32> @src(<2 x i32> %x) {
  %r = and <2 x i32> %x, <i32 -1, i32 -1>
  ret <2 x i32> %r
}

define <2 x i32> @tgt(<2 x i32> %x) {
  ret <2 x i32> %x
}
