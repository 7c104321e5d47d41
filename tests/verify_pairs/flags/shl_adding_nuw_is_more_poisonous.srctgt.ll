; EXPECT: semantic_error target_more_poisonous
; WHY: shl nuw is poison when a set bit is shifted out

define i32 @src(i32 noundef %x) {
  %r = shl i32 %x, 1
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = shl nuw i32 %x, 1
  ret i32 %r
}
