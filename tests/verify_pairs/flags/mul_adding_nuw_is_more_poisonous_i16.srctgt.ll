; EXPECT: semantic_error target_more_poisonous
; WHY: mul nuw is poison when the unsigned product overflows

define i16 @src(i16 noundef %x, i16 noundef %y) {
  %r = mul i16 %x, %y
  ret i16 %r
}

define i16 @tgt(i16 noundef %x, i16 noundef %y) {
  %r = mul nuw i16 %x, %y
  ret i16 %r
}
