; EXPECT: correct
; WHY: x * 2.0 and x + x are the same exact value rounded once; NaN payloads propagate in both

define double @src(double noundef %x) {
  %r = fmul double %x, 2.0
  ret double %r
}

define double @tgt(double noundef %x) {
  %r = fadd double %x, %x
  ret double %r
}
