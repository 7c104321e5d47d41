; EXPECT: semantic_error value_mismatch
; WHY: the fields of a returned struct are compared one by one

define { i32, i32 } @src(i32 noundef %a, i32 noundef %b) {
  %s0 = insertvalue { i32, i32 } poison, i32 %a, 0
  %s1 = insertvalue { i32, i32 } %s0, i32 %b, 1
  ret { i32, i32 } %s1
}

define { i32, i32 } @tgt(i32 noundef %a, i32 noundef %b) {
  %s0 = insertvalue { i32, i32 } poison, i32 %b, 0
  %s1 = insertvalue { i32, i32 } %s0, i32 %a, 1
  ret { i32, i32 } %s1
}
