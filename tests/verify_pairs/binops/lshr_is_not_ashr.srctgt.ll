; EXPECT: semantic_error value_mismatch
; WHY: lshr fills with zeros, ashr with the sign bit

define i32 @src(i32 noundef %x) {
  %r = lshr i32 %x, 1
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = ashr i32 %x, 1
  ret i32 %r
}
