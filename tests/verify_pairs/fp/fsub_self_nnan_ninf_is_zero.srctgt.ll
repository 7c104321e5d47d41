; EXPECT: correct
; WHY: with no NaN or infinite operand x - x is exactly +0.0 (RNE); NaN/Inf operands make src poison

define double @src(double noundef %x) {
  %r = fsub nnan ninf double %x, %x
  ret double %r
}

define double @tgt(double noundef %x) {
  ret double 0.0
}
