; EXPECT: correct
; WHY: y | 1 is never 0, so tgt's division cannot trap; both sides compute (x /u (y|1)) & 0 == 0

define i32 @src(i32 noundef %x, i32 noundef %y) {
  ret i32 0
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %o = or i32 %y, 1
  %d = udiv i32 %x, %o
  %r = and i32 %d, 0
  ret i32 %r
}
