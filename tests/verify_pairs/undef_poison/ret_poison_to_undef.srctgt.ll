; EXPECT: correct
; WHY: poison is refined by undef

define i32 @src() {
  ret i32 poison
}

define i32 @tgt() {
  ret i32 undef
}
