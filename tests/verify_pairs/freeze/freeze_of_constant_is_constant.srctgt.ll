; EXPECT: correct
; WHY: freeze of a non-poison constant is that constant

define i8 @src() {
  %f = freeze i8 7
  ret i8 %f
}

define i8 @tgt() {
  ret i8 7
}
