; EXPECT: correct
; WHY: select c, 1, 0 == zext c

define i32 @src(i1 %c) {
  %r = select i1 %c, i32 1, i32 0
  ret i32 %r
}

define i32 @tgt(i1 %c) {
  %r = zext i1 %c to i32
  ret i32 %r
}
