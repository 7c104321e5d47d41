; EXPECT: semantic_error target_more_poisonous
; WHY: range(i8 0, 10) on the return makes a returned 10..255 poison

define i8 @src(i8 noundef %x) {
  ret i8 %x
}

define range(i8 0, 10) i8 @tgt(i8 noundef %x) {
  ret i8 %x
}
