; EXPECT: semantic_error value_mismatch
; WHY: insertvalue writes only the indexed field: field 0 holds a, not b

define i32 @src(i32 noundef %a, i32 noundef %b) {
  %s0 = insertvalue { i32, i32 } poison, i32 %a, 0
  %s1 = insertvalue { i32, i32 } %s0, i32 %b, 1
  %e = extractvalue { i32, i32 } %s1, 0
  ret i32 %e
}

define i32 @tgt(i32 noundef %a, i32 noundef %b) {
  ret i32 %b
}
