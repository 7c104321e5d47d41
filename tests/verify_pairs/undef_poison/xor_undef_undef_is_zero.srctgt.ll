; EXPECT: correct
; WHY: xor undef, undef is any value, including 0

define i32 @src() {
  %r = xor i32 undef, undef
  ret i32 %r
}

define i32 @tgt() {
  ret i32 0
}
