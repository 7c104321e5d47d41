; EXPECT: correct
; WHY: icmp ne is the negation of icmp eq

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp ne i32 %x, %y
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  %e = icmp eq i32 %x, %y
  %c = xor i1 %e, true
  ret i1 %c
}
