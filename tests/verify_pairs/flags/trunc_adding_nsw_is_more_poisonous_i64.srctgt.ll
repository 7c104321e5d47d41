; EXPECT: semantic_error target_more_poisonous
; WHY: trunc nsw is poison when x does not fit the narrow signed type

define i16 @src(i64 noundef %x) {
  %r = trunc i64 %x to i16
  ret i16 %r
}

define i16 @tgt(i64 noundef %x) {
  %r = trunc nsw i64 %x to i16
  ret i16 %r
}
