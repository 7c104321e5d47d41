; EXPECT: semantic_error value_mismatch
; WHY: x / 3.0 rounds once; x * (1/3 rounded) rounds twice and differs for some x

define half @src(half noundef %x) {
  %r = fdiv half %x, 3.0
  ret half %r
}

define half @tgt(half noundef %x) {
  %r = fmul half %x, 0xH3555
  ret half %r
}
