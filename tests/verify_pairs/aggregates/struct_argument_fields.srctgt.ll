; EXPECT: correct
; WHY: a struct argument's fields are read by extractvalue; add commutes

define i8 @src({ i8, i8 } %s) {
  %a = extractvalue { i8, i8 } %s, 0
  %b = extractvalue { i8, i8 } %s, 1
  %r = add i8 %a, %b
  ret i8 %r
}

define i8 @tgt({ i8, i8 } %s) {
  %b = extractvalue { i8, i8 } %s, 1
  %a = extractvalue { i8, i8 } %s, 0
  %r = add i8 %b, %a
  ret i8 %r
}
