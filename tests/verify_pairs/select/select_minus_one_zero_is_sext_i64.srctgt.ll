; EXPECT: correct
; WHY: select c, -1, 0 == sext c

define i64 @src(i1 %c) {
  %r = select i1 %c, i64 -1, i64 0
  ret i64 %r
}

define i64 @tgt(i1 %c) {
  %r = sext i1 %c to i64
  ret i64 %r
}
