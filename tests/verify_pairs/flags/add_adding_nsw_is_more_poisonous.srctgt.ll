; EXPECT: semantic_error target_more_poisonous
; WHY: add nsw is poison on signed overflow (INT_MAX + 1) where plain add wraps

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = add i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = add nsw i32 %x, %y
  ret i32 %r
}
