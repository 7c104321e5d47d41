; EXPECT: semantic_error value_mismatch
; WHY: without nsw, x = 40000 does not survive trunc to i16 and sext back

define i32 @src(i32 noundef %x) {
  %t = trunc i32 %x to i16
  %r = sext i16 %t to i32
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
