; EXPECT: correct
; WHY: aggregates are refined element by element: a poison field allows any value

define { i32, i32 } @src(i32 %x) {
  %s = insertvalue { i32, i32 } poison, i32 %x, 0
  ret { i32, i32 } %s
}

define { i32, i32 } @tgt(i32 %x) {
  %s0 = insertvalue { i32, i32 } poison, i32 %x, 0
  %s1 = insertvalue { i32, i32 } %s0, i32 0, 1
  ret { i32, i32 } %s1
}
