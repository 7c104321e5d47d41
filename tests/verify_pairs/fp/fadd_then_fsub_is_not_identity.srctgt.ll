; EXPECT: semantic_error value_mismatch
; WHY: (x + y) - y loses x's low bits (or gives NaN for infinite y)

define half @src(half noundef %x, half noundef %y) {
  %s = fadd half %x, %y
  %r = fsub half %s, %y
  ret half %r
}

define half @tgt(half noundef %x, half noundef %y) {
  ret half %x
}
