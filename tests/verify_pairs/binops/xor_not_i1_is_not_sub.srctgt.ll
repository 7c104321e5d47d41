; EXPECT: semantic_error value_mismatch
; WHY: in i1, 0 - a wraps back to a, which is never ~a

define i1 @src(i1 noundef %a) {
  %r = xor i1 %a, true
  ret i1 %r
}

define i1 @tgt(i1 noundef %a) {
  %r = sub i1 0, %a
  ret i1 %r
}
