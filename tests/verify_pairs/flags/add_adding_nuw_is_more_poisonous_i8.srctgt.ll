; EXPECT: semantic_error target_more_poisonous
; WHY: add nuw is poison on unsigned overflow (255 + 1)

define i8 @src(i8 noundef %x) {
  %r = add i8 %x, 1
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %r = add nuw i8 %x, 1
  ret i8 %r
}
