; EXPECT: correct
; WHY: every i8 is >=s -128

define i1 @src(i8 noundef %x) {
  %c = icmp sge i8 %x, -128
  ret i1 %c
}

define i1 @tgt(i8 noundef %x) {
  ret i1 true
}
