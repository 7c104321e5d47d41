; EXPECT: semantic_error target_more_undefined
; WHY: freeze undef is one value; undef is a set of values (Alive2 freeze-undef)

define i16 @src() {
  %f = freeze i16 undef
  ret i16 %f
}

define i16 @tgt() {
  ret i16 undef
}
