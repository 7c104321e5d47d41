; EXPECT: not_correct
; WHY: FP is outside the first wave (later: x * 2.0 and x + x round the same exact value)
; NOTE: %x has no noundef, so it may be undef: tgt's two uses of it are independent and
; can sum to a value with an odd last significand bit that 2.0 * u never has (value_mismatch
; per Alive2; the search needs a quantifier over the undef and may time out, so the type is
; half to keep it small). With noundef it is correct: fp/fmul_by_two_is_fadd_self_noundef.

define half @src(half %x) {
  %r = fmul half %x, 2.0
  ret half %r
}

define half @tgt(half %x) {
  %r = fadd half %x, %x
  ret half %r
}
