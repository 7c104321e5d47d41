; EXPECT: correct
; WHY: fptoui 3.75 is 3 (LangRef: rounds toward zero)

define i8 @src() {
  %r = fptoui double 3.75 to i8
  ret i8 %r
}

define i8 @tgt() {
  ret i8 3
}
