; EXPECT: correct
; WHY: IEEE addition is commutative, and its NaN set is symmetric in the operands

define half @src(half %x, half %y) {
  %r = fadd half %x, %y
  ret half %r
}

define half @tgt(half %x, half %y) {
  %r = fadd half %y, %x
  ret half %r
}
