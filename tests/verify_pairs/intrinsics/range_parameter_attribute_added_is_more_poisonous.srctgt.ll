; EXPECT: semantic_error target_more_poisonous
; WHY: a range attribute added on tgt's parameter turns x >= 10 into poison where src returned x

define i8 @src(i8 %x) {
  ret i8 %x
}

define i8 @tgt(i8 range(i8 0, 10) %x) {
  ret i8 %x
}
