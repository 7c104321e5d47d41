; EXPECT: correct
; WHY: each use of undef is independent: undef + undef is any value, a superset of the even values of undef * 2

define i8 @src() {
  %r = add i8 undef, undef
  ret i8 %r
}

define i8 @tgt() {
  %r = mul i8 undef, 2
  ret i8 %r
}
