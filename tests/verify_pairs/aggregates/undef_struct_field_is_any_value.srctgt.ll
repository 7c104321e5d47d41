; EXPECT: correct
; WHY: each element of an undef aggregate is undef, which 0 refines

define i32 @src(i32 %x) {
  %s = insertvalue { i32, i32 } undef, i32 %x, 0
  %e = extractvalue { i32, i32 } %s, 1
  ret i32 %e
}

define i32 @tgt(i32 %x) {
  ret i32 0
}
