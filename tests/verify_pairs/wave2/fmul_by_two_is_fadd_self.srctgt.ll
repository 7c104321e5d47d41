; EXPECT: not_correct
; WHY: FP is outside the first wave (later: x * 2.0 and x + x round the same exact value)
; NOTE: %x has no noundef, so it may be undef: tgt's two uses of it are independent and
; can sum to an odd subnormal (2^-1074), which 2.0 * u never is (value_mismatch per Alive2;
; the proof needs a quantifier over the undef and may time out). With noundef it is correct:
; see fp/fmul_by_two_is_fadd_self_noundef.srctgt.ll.

define double @src(double %x) {
  %r = fmul double %x, 2.0
  ret double %r
}

define double @tgt(double %x) {
  %r = fadd double %x, %x
  ret double %r
}
