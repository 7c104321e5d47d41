; EXPECT: correct
; WHY: x >s -1 iff x >=s 0

define i1 @src(i32 noundef %x) {
  %c = icmp sgt i32 %x, -1
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  %c = icmp sge i32 %x, 0
  ret i1 %c
}
