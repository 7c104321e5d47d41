; EXPECT: correct
; WHY: i1 addition wraps modulo 2, which is xor

define i1 @src(i1 noundef %a, i1 noundef %b) {
  %r = add i1 %a, %b
  ret i1 %r
}

define i1 @tgt(i1 noundef %a, i1 noundef %b) {
  %r = xor i1 %a, %b
  ret i1 %r
}
