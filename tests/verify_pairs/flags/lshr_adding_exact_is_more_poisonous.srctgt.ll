; EXPECT: semantic_error target_more_poisonous
; WHY: lshr exact is poison when a set bit is shifted out

define i32 @src(i32 noundef %x) {
  %r = lshr i32 %x, 2
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = lshr exact i32 %x, 2
  ret i32 %r
}
