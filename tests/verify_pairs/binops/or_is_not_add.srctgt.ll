; EXPECT: semantic_error value_mismatch
; WHY: x | y equals x + y only when no bit is set in both

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = or i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = add i32 %x, %y
  ret i32 %r
}
