; EXPECT: correct
; WHY: x *nuw 4 is poison exactly when x <<nuw 2 shifts out a set bit

define i64 @src(i64 noundef %x) {
  %r = mul nuw i64 %x, 4
  ret i64 %r
}

define i64 @tgt(i64 noundef %x) {
  %r = shl nuw i64 %x, 2
  ret i64 %r
}
