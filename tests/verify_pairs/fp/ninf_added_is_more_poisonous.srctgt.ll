; EXPECT: semantic_error target_more_poisonous
; WHY: fmul ninf is poison when an operand or the result is infinite

define double @src(double noundef %x) {
  %r = fmul double %x, 2.0
  ret double %r
}

define double @tgt(double noundef %x) {
  %r = fmul ninf double %x, 2.0
  ret double %r
}
