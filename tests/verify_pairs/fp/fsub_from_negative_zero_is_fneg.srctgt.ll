; EXPECT: correct
; WHY: -0.0 - x == -x for every x (also -0.0 - +0.0 = -0.0); a NaN result may keep x's payload with any sign

define half @src(half noundef %x) {
  %r = fsub half -0.0, %x
  ret half %r
}

define half @tgt(half noundef %x) {
  %r = fneg half %x
  ret half %r
}
