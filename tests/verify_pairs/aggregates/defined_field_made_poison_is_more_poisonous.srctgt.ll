; EXPECT: semantic_error target_more_poisonous
; WHY: a poison element in tgt where src's element is defined is a refinement failure, even if the other element matches

define { i32, i32 } @src(i32 noundef %x) {
  %s0 = insertvalue { i32, i32 } poison, i32 %x, 0
  %s1 = insertvalue { i32, i32 } %s0, i32 0, 1
  ret { i32, i32 } %s1
}

define { i32, i32 } @tgt(i32 noundef %x) {
  %s = insertvalue { i32, i32 } poison, i32 %x, 0
  ret { i32, i32 } %s
}
