; EXPECT: semantic_error target_more_poisonous
; WHY: src shifts by y & 63 (always defined); tgt by y, poison for y >= 64

define i64 @src(i64 noundef %x, i64 noundef %y) {
  %m = and i64 %y, 63
  %r = shl i64 %x, %m
  ret i64 %r
}

define i64 @tgt(i64 noundef %x, i64 noundef %y) {
  %r = shl i64 %x, %y
  ret i64 %r
}
