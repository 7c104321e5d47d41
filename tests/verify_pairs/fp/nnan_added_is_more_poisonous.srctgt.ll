; EXPECT: semantic_error target_more_poisonous
; WHY: fadd nnan is poison when an operand or the result is NaN

define float @src(float noundef %x, float noundef %y) {
  %r = fadd float %x, %y
  ret float %r
}

define float @tgt(float noundef %x, float noundef %y) {
  %r = fadd nnan float %x, %y
  ret float %r
}
