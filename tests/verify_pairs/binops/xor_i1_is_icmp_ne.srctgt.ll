; EXPECT: correct
; WHY: for i1, a ^ b is a != b

define i1 @src(i1 noundef %a, i1 noundef %b) {
  %r = xor i1 %a, %b
  ret i1 %r
}

define i1 @tgt(i1 noundef %a, i1 noundef %b) {
  %r = icmp ne i1 %a, %b
  ret i1 %r
}
