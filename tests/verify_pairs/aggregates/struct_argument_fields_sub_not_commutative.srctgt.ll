; EXPECT: semantic_error value_mismatch
; WHY: a - b is not b - a

define i32 @src({ i32, i32 } noundef %s) {
  %a = extractvalue { i32, i32 } %s, 0
  %b = extractvalue { i32, i32 } %s, 1
  %r = sub i32 %a, %b
  ret i32 %r
}

define i32 @tgt({ i32, i32 } noundef %s) {
  %a = extractvalue { i32, i32 } %s, 0
  %b = extractvalue { i32, i32 } %s, 1
  %r = sub i32 %b, %a
  ret i32 %r
}
