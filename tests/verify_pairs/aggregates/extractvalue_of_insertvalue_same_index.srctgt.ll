; EXPECT: correct
; WHY: extractvalue reads back the field insertvalue just wrote

define i32 @src({ i32, i32 } %s, i32 %x) {
  %t = insertvalue { i32, i32 } %s, i32 %x, 1
  %e = extractvalue { i32, i32 } %t, 1
  ret i32 %e
}

define i32 @tgt({ i32, i32 } %s, i32 %x) {
  ret i32 %x
}
