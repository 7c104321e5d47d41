; EXPECT: correct
; WHY: casts propagate poison

define i64 @src() {
  %r = sext i32 poison to i64
  ret i64 %r
}

define i64 @tgt() {
  ret i64 -1
}
