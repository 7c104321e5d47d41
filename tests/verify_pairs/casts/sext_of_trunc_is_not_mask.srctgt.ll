; EXPECT: semantic_error value_mismatch
; WHY: sext(trunc x) copies bit 7 upward; the mask clears it

define i32 @src(i32 noundef %x) {
  %t = trunc i32 %x to i8
  %r = sext i8 %t to i32
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = and i32 %x, 255
  ret i32 %r
}
