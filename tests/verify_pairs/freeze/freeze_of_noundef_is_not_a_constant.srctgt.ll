; EXPECT: semantic_error value_mismatch
; WHY: freeze of a defined x is x itself; it cannot become 0

define i32 @src(i32 noundef %x) {
  %f = freeze i32 %x
  ret i32 %f
}

define i32 @tgt(i32 noundef %x) {
  ret i32 0
}
