; EXPECT: semantic_error target_more_poisonous
; WHY: add nsw is poison in a lane that overflows (127 + 1)

define <2 x i8> @src(<2 x i8> noundef %a) {
  %r = add <2 x i8> %a, <i8 1, i8 1>
  ret <2 x i8> %r
}

define <2 x i8> @tgt(<2 x i8> noundef %a) {
  %r = add nsw <2 x i8> %a, <i8 1, i8 1>
  ret <2 x i8> %r
}
