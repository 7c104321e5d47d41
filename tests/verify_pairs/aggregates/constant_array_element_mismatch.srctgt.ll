; EXPECT: semantic_error value_mismatch
; WHY: array constants are compared element by element: [1, 2] is not [1, 3]

define [2 x i16] @src() {
  ret [2 x i16] [i16 1, i16 2]
}

define [2 x i16] @tgt() {
  ret [2 x i16] [i16 1, i16 3]
}
