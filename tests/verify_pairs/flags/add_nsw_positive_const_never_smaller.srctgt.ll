; EXPECT: correct
; WHY: x +nsw 100 cannot wrap, so it is never <s x

define i1 @src(i8 noundef %x) {
  %a = add nsw i8 %x, 100
  %c = icmp slt i8 %a, %x
  ret i1 %c
}

define i1 @tgt(i8 noundef %x) {
  ret i1 false
}
