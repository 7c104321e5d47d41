; EXPECT: semantic_error value_mismatch
; WHY: x = -1 fits signed in i8, but zext of 0xff is 255, not -1

define i32 @src(i32 noundef %x) {
  %t = trunc nsw i32 %x to i8
  %r = zext i8 %t to i32
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
