; EXPECT: semantic_error target_more_poisonous
; WHY: sub nsw is poison on signed overflow (INT_MIN - 1)

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = sub i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = sub nsw i32 %x, %y
  ret i32 %r
}
