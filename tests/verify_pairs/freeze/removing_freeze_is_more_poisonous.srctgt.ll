; EXPECT: semantic_error target_more_poisonous
; WHY: freeze x is never poison; x may be

define i32 @src(i32 %x) {
  %f = freeze i32 %x
  ret i32 %f
}

define i32 @tgt(i32 %x) {
  ret i32 %x
}
