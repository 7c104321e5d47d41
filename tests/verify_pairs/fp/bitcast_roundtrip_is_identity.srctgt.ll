; EXPECT: correct
; WHY: bitcast keeps the bits, NaN payloads included

define double @src(double %x) {
  %i = bitcast double %x to i64
  %r = bitcast i64 %i to double
  ret double %r
}

define double @tgt(double %x) {
  ret double %x
}
