; EXPECT: correct
; WHY: dropping trunc flags removes poison only

define i8 @src(i32 noundef %x) {
  %r = trunc nuw nsw i32 %x to i8
  ret i8 %r
}

define i8 @tgt(i32 noundef %x) {
  %r = trunc i32 %x to i8
  ret i8 %r
}
