; EXPECT: semantic_error target_more_undefined
; WHY: a single value cannot become a set of values

define i32 @src() {
  ret i32 7
}

define i32 @tgt() {
  ret i32 undef
}
