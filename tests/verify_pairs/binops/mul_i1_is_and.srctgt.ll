; EXPECT: correct
; WHY: i1 multiplication is logical and

define i1 @src(i1 noundef %a, i1 noundef %b) {
  %r = mul i1 %a, %b
  ret i1 %r
}

define i1 @tgt(i1 noundef %a, i1 noundef %b) {
  %r = and i1 %a, %b
  ret i1 %r
}
