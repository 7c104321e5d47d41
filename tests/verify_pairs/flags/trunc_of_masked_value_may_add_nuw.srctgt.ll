; EXPECT: correct
; WHY: x & 127 has no bits above bit 6, so trunc nuw (and nsw) to i8 is never poison

define i8 @src(i32 noundef %x) {
  %m = and i32 %x, 127
  %r = trunc i32 %m to i8
  ret i8 %r
}

define i8 @tgt(i32 noundef %x) {
  %m = and i32 %x, 127
  %r = trunc nuw nsw i32 %m to i8
  ret i8 %r
}
