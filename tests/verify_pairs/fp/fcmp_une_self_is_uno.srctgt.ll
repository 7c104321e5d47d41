; EXPECT: correct
; WHY: x != x only for a NaN x: une x, x == uno x, x

define i1 @src(float noundef %x) {
  %r = fcmp une float %x, %x
  ret i1 %r
}

define i1 @tgt(float noundef %x) {
  %r = fcmp uno float %x, 0.0
  ret i1 %r
}
