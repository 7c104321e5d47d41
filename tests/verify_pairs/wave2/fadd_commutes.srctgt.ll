; EXPECT: correct
; WHY: FP is outside the first wave (later: IEEE addition is commutative, NaN results are nondeterministic)

define float @src(float %x, float %y) {
  %r = fadd float %x, %y
  ret float %r
}

define float @tgt(float %x, float %y) {
  %r = fadd float %y, %x
  ret float %r
}
