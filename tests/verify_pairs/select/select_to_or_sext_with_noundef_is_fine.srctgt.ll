; EXPECT: correct
; WHY: with a noundef x, select c, -1, x == sext(c) | x

define i32 @src(i1 %c, i32 noundef %x) {
  %r = select i1 %c, i32 -1, i32 %x
  ret i32 %r
}

define i32 @tgt(i1 %c, i32 noundef %x) {
  %s = sext i1 %c to i32
  %r = or i32 %s, %x
  ret i32 %r
}
