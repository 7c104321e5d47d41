; EXPECT: correct
; WHY: llvm.round rounds halfway cases away from zero: round(-2.5) = -3.0 (roundeven would give -2.0)

declare float @llvm.round.f32(float)

define float @src() {
  %r = call float @llvm.round.f32(float -2.5)
  ret float %r
}

define float @tgt() {
  ret float -3.0
}
