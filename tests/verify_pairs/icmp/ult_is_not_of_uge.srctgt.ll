; EXPECT: correct
; WHY: x <u y is the negation of x >=u y

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp ult i32 %x, %y
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  %e = icmp uge i32 %x, %y
  %c = xor i1 %e, true
  ret i1 %c
}
