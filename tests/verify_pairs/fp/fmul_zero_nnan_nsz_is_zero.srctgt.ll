; EXPECT: correct
; WHY: nnan: inf * 0 (NaN) is poison; nsz: the zero product's sign may be either

define float @src(float noundef %x) {
  %r = fmul nnan nsz float %x, 0.0
  ret float %r
}

define float @tgt(float noundef %x) {
  ret float 0.0
}
