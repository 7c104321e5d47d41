; EXPECT: semantic_error value_mismatch
; WHY: zext(sext i8 -1 to i16) = 0xffff, sext to i32 gives 0xffffffff

define i32 @src(i8 noundef %x) {
  %s = sext i8 %x to i16
  %r = zext i16 %s to i32
  ret i32 %r
}

define i32 @tgt(i8 noundef %x) {
  %r = sext i8 %x to i32
  ret i32 %r
}
