; EXPECT: correct
; WHY: each use of undef is independent: undef + undef is any value, a superset of the even values of undef * 2

define i32 @src() {
  %r = add i32 undef, undef
  ret i32 %r
}

define i32 @tgt() {
  %r = mul i32 undef, 2
  ret i32 %r
}
