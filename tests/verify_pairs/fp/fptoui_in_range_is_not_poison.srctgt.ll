; EXPECT: semantic_error target_more_poisonous
; WHY: 31.5 truncates to 31, which fits in i32: not poison

define i32 @src() {
  %r = fptoui float 31.5 to i32
  ret i32 %r
}

define i32 @tgt() {
  ret i32 poison
}
