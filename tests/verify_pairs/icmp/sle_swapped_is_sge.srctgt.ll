; EXPECT: correct
; WHY: x <=s y iff y >=s x

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp sle i32 %x, %y
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp sge i32 %y, %x
  ret i1 %c
}
