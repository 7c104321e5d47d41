; EXPECT: semantic_error value_mismatch
; WHY: ult is true on NaN operands, olt is false

define i1 @src(float noundef %x, float noundef %y) {
  %r = fcmp ult float %x, %y
  ret i1 %r
}

define i1 @tgt(float noundef %x, float noundef %y) {
  %r = fcmp olt float %x, %y
  ret i1 %r
}
