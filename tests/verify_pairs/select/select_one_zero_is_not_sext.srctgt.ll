; EXPECT: semantic_error value_mismatch
; WHY: sext true is -1, not 1

define i32 @src(i1 noundef %c) {
  %r = select i1 %c, i32 1, i32 0
  ret i32 %r
}

define i32 @tgt(i1 noundef %c) {
  %r = sext i1 %c to i32
  ret i32 %r
}
