; EXPECT: semantic_error target_more_poisonous
; WHY: no signed overflow does not imply no unsigned overflow (0 - 1)

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = sub nsw i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = sub nuw i32 %x, %y
  ret i32 %r
}
