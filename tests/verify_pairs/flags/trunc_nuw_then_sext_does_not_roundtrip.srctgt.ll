; EXPECT: semantic_error value_mismatch
; WHY: x = 200 fits unsigned in i8 but sext gives -56

define i32 @src(i32 noundef %x) {
  %t = trunc nuw i32 %x to i8
  %r = sext i8 %t to i32
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
