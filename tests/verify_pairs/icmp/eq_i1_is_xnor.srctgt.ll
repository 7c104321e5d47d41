; EXPECT: correct
; WHY: for i1, a == b is not(a ^ b)

define i1 @src(i1 noundef %a, i1 noundef %b) {
  %c = icmp eq i1 %a, %b
  ret i1 %c
}

define i1 @tgt(i1 noundef %a, i1 noundef %b) {
  %x = xor i1 %a, %b
  %c = xor i1 %x, true
  ret i1 %c
}
