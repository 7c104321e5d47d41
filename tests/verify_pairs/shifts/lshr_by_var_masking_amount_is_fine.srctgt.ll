; EXPECT: correct
; WHY: src lshr by y >= 32 is poison; masking y in tgt only makes those inputs defined

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = lshr i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %m = and i32 %y, 31
  %r = lshr i32 %x, %m
  ret i32 %r
}
