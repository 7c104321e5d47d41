; EXPECT: semantic_error value_mismatch
; WHY: zeroinitializer fields are 0; returning 1 instead is a mismatch

define i32 @src(i32 %x) {
  %s = insertvalue { i32, i32 } zeroinitializer, i32 %x, 0
  %e = extractvalue { i32, i32 } %s, 1
  ret i32 %e
}

define i32 @tgt(i32 %x) {
  ret i32 1
}
