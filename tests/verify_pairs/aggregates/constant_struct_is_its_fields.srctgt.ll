; EXPECT: correct
; WHY: a literal struct constant equals the struct built field by field

define { i8, i64 } @src() {
  ret { i8, i64 } { i8 5, i64 -1 }
}

define { i8, i64 } @tgt() {
  %s0 = insertvalue { i8, i64 } undef, i8 5, 0
  %s1 = insertvalue { i8, i64 } %s0, i64 -1, 1
  ret { i8, i64 } %s1
}
