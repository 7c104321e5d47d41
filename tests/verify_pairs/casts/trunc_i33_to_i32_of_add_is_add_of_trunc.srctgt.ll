; EXPECT: correct
; WHY: truncation commutes with wrapping add

define i32 @src(i33 noundef %x, i33 noundef %y) {
  %a = add i33 %x, %y
  %r = trunc i33 %a to i32
  ret i32 %r
}

define i32 @tgt(i33 noundef %x, i33 noundef %y) {
  %tx = trunc i33 %x to i32
  %ty = trunc i33 %y to i32
  %r = add i32 %tx, %ty
  ret i32 %r
}
