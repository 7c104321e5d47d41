; EXPECT: correct
; WHY: undef may be any value, so a constant refines it

define i32 @src() {
  ret i32 undef
}

define i32 @tgt() {
  ret i32 5
}
