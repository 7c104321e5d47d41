; EXPECT: correct
; WHY: x <u 1 iff x == 0

define i1 @src(i33 noundef %x) {
  %c = icmp ult i33 %x, 1
  ret i1 %c
}

define i1 @tgt(i33 noundef %x) {
  %c = icmp eq i33 %x, 0
  ret i1 %c
}
