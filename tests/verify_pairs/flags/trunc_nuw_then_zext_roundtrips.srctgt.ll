; EXPECT: correct
; WHY: trunc nuw is poison unless the dropped bits are zero, so zext restores x

define i32 @src(i32 noundef %x) {
  %t = trunc nuw i32 %x to i8
  %r = zext i8 %t to i32
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
