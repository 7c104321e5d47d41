; EXPECT: correct
; WHY: sext i1 c == 0 - zext c

define i32 @src(i1 %c) {
  %r = sext i1 %c to i32
  ret i32 %r
}

define i32 @tgt(i1 %c) {
  %z = zext i1 %c to i32
  %r = sub i32 0, %z
  ret i32 %r
}
