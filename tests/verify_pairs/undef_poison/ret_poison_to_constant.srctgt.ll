; EXPECT: correct
; WHY: poison is refined by every value

define i64 @src() {
  ret i64 poison
}

define i64 @tgt() {
  ret i64 0
}
