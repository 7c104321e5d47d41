; EXPECT: semantic_error value_mismatch
; WHY: zext and sext differ for negative inputs

define i32 @src(i8 noundef %x) {
  %r = zext i8 %x to i32
  ret i32 %r
}

define i32 @tgt(i8 noundef %x) {
  %r = sext i8 %x to i32
  ret i32 %r
}
