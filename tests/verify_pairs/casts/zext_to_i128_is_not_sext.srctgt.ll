; EXPECT: semantic_error value_mismatch
; WHY: zext and sext differ for negative i64 inputs

define i128 @src(i64 noundef %x) {
  %r = zext i64 %x to i128
  ret i128 %r
}

define i128 @tgt(i64 noundef %x) {
  %r = sext i64 %x to i128
  ret i128 %r
}
