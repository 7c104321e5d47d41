; EXPECT: semantic_error target_more_poisonous
; WHY: uitofp nneg is poison for an operand with the sign bit set

define float @src(i16 noundef %x) {
  %r = uitofp i16 %x to float
  ret float %r
}

define float @tgt(i16 noundef %x) {
  %r = uitofp nneg i16 %x to float
  ret float %r
}
