; EXPECT: correct
; WHY: x <=u 7 iff x <u 8

define i1 @src(i7 noundef %x) {
  %c = icmp ule i7 %x, 7
  ret i1 %c
}

define i1 @tgt(i7 noundef %x) {
  %c = icmp ult i7 %x, 8
  ret i1 %c
}
