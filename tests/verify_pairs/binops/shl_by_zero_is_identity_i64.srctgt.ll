; EXPECT: correct
; WHY: shifting by 0 (< width) returns the operand

define i64 @src(i64 %x) {
  %r = shl i64 %x, 0
  ret i64 %r
}

define i64 @tgt(i64 %x) {
  ret i64 %x
}
