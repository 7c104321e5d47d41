; EXPECT: semantic_error target_more_poisonous
; WHY: -1 *nsw 3 is fine, but as unsigned 255 * 3 wraps

define i8 @src(i8 noundef %x) {
  %r = mul nsw i8 %x, 3
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %r = mul nuw i8 %x, 3
  ret i8 %r
}
