; EXPECT: correct
; WHY: dropping nsw removes a poison case; the wrapped value refines poison

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = add nsw i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = add i32 %x, %y
  ret i32 %r
}
