; EXPECT: correct
; WHY: x >>u 1 is never negative, so adding nneg is justified

define i64 @src(i32 noundef %x) {
  %s = lshr i32 %x, 1
  %r = zext i32 %s to i64
  ret i64 %r
}

define i64 @tgt(i32 noundef %x) {
  %s = lshr i32 %x, 1
  %r = zext nneg i32 %s to i64
  ret i64 %r
}
