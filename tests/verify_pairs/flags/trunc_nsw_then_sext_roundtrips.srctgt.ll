; EXPECT: correct
; WHY: trunc nsw is poison unless x fits signed in i8, so sext restores x

define i32 @src(i32 noundef %x) {
  %t = trunc nsw i32 %x to i8
  %r = sext i8 %t to i32
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
