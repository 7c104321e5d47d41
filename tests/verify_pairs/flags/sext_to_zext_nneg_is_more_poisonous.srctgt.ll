; EXPECT: semantic_error target_more_poisonous
; WHY: sext is defined for negative inputs; zext nneg makes them poison

define i16 @src(i8 noundef %x) {
  %r = sext i8 %x to i16
  ret i16 %r
}

define i16 @tgt(i8 noundef %x) {
  %r = zext nneg i8 %x to i16
  ret i16 %r
}
