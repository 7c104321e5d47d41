; EXPECT: semantic_error target_more_poisonous
; WHY: with y >= 32 src shifts by y & 31 (defined) but tgt shifts by y (poison)

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %m = and i32 %y, 31
  %r = lshr i32 %x, %m
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = lshr i32 %x, %y
  ret i32 %r
}
