; EXPECT: correct
; WHY: dropping nuw only makes tgt less poisonous

define i64 @src(i64 noundef %x, i64 noundef %y) {
  %r = add nuw i64 %x, %y
  ret i64 %r
}

define i64 @tgt(i64 noundef %x, i64 noundef %y) {
  %r = add i64 %x, %y
  ret i64 %r
}
