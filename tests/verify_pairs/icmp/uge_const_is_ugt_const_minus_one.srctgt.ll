; EXPECT: correct
; WHY: x >=u 5 iff x >u 4

define i1 @src(i32 noundef %x) {
  %c = icmp uge i32 %x, 5
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  %c = icmp ugt i32 %x, 4
  ret i1 %c
}
