; EXPECT: correct
; WHY: zext(x +nuw y) == zext x + zext y: no unsigned wrap means the wide sum is exact

define i16 @src(i8 noundef %x, i8 noundef %y) {
  %a = add nuw i8 %x, %y
  %r = zext i8 %a to i16
  ret i16 %r
}

define i16 @tgt(i8 noundef %x, i8 noundef %y) {
  %zx = zext i8 %x to i16
  %zy = zext i8 %y to i16
  %r = add nuw nsw i16 %zx, %zy
  ret i16 %r
}
