; EXPECT: semantic_error target_more_poisonous
; WHY: undef is not poison: poison is strictly less defined (Alive2 poison-fail)

define i32 @src() {
  ret i32 undef
}

define i32 @tgt() {
  ret i32 poison
}
