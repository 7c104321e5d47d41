; EXPECT: correct
; WHY: every unsigned value is <=u the all-ones value

define i1 @src(i128 noundef %x) {
  %c = icmp ule i128 %x, -1
  ret i1 %c
}

define i1 @tgt(i128 noundef %x) {
  ret i1 true
}
