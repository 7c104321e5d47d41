; EXPECT: semantic_error target_more_undefined
; WHY: 0 is one value; xor undef, undef is every value

define i32 @src() {
  ret i32 0
}

define i32 @tgt() {
  %r = xor i32 undef, undef
  ret i32 %r
}
