; EXPECT: semantic_error value_mismatch
; WHY: lane-wise add and sub differ

define <2 x i8> @src(<2 x i8> noundef %a, <2 x i8> noundef %b) {
  %r = add <2 x i8> %a, %b
  ret <2 x i8> %r
}

define <2 x i8> @tgt(<2 x i8> noundef %a, <2 x i8> noundef %b) {
  %r = sub <2 x i8> %a, %b
  ret <2 x i8> %r
}
