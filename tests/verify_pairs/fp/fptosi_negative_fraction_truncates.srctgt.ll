; EXPECT: correct
; WHY: fptosi -3.75 is -3 (toward zero, not floor)

define i8 @src() {
  %r = fptosi float -3.75 to i8
  ret i8 %r
}

define i8 @tgt() {
  ret i8 -3
}
