; EXPECT: semantic_error
; WHY: 2 * undef is always even, so undef (which may be odd) does not refine it

define i8 @src(i8 noundef %x) {
  %o = or i8 %x, 2
  %e = and i8 %o, 2
  %r = mul i8 %e, undef
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  ret i8 undef
}
