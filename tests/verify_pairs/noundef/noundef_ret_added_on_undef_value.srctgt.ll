; EXPECT: semantic_error source_more_defined
; WHY: returning undef from a noundef-return function is UB

define i32 @src() {
  ret i32 undef
}

define noundef i32 @tgt() {
  ret i32 undef
}
