; EXPECT: correct
; WHY: fptoui -0.5 truncates to -0.0 = 0, which fits: not poison

define i8 @src() {
  %r = fptoui float -0.5 to i8
  ret i8 %r
}

define i8 @tgt() {
  ret i8 0
}
