; EXPECT: semantic_error value_mismatch
; WHY: both uses of one freeze agree, so f - f is 0, never 1

define i32 @src() {
  %f = freeze i32 poison
  %r = sub i32 %f, %f
  ret i32 %r
}

define i32 @tgt() {
  ret i32 1
}
