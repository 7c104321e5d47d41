; EXPECT: correct
; WHY: poison propagates through fneg

define half @src() {
  %r = fneg half poison
  ret half %r
}

define half @tgt() {
  ret half poison
}
