; EXPECT: semantic_error target_more_undefined
; WHY: a defined argument cannot be replaced by undef

define i8 @src(i8 noundef %x) {
  ret i8 %x
}

define i8 @tgt(i8 noundef %x) {
  ret i8 undef
}
