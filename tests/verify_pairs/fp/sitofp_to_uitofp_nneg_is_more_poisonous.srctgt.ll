; EXPECT: semantic_error target_more_poisonous
; WHY: uitofp nneg is poison for a negative operand, sitofp is not

define double @src(i32 noundef %x) {
  %r = sitofp i32 %x to double
  ret double %r
}

define double @tgt(i32 noundef %x) {
  %r = uitofp nneg i32 %x to double
  ret double %r
}
