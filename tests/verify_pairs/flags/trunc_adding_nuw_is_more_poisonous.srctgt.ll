; EXPECT: semantic_error target_more_poisonous
; WHY: trunc nuw is poison when a dropped bit is set (x = 256)

define i8 @src(i32 noundef %x) {
  %r = trunc i32 %x to i8
  ret i8 %r
}

define i8 @tgt(i32 noundef %x) {
  %r = trunc nuw i32 %x to i8
  ret i8 %r
}
