; EXPECT: correct
; WHY: zext(c) - 1 is 0 when c, -1 when !c: sext(!c)

define i32 @src(i1 noundef %c) {
  %z = zext i1 %c to i32
  %r = add i32 %z, -1
  ret i32 %r
}

define i32 @tgt(i1 noundef %c) {
  %n = xor i1 %c, true
  %r = sext i1 %n to i32
  ret i32 %r
}
