; EXPECT: semantic_error value_mismatch
; WHY: 1 + 1 wraps to 0 in i1 but 1 | 1 is 1

define i1 @src(i1 noundef %a, i1 noundef %b) {
  %r = add i1 %a, %b
  ret i1 %r
}

define i1 @tgt(i1 noundef %a, i1 noundef %b) {
  %r = or i1 %a, %b
  ret i1 %r
}
