; EXPECT: correct
; WHY: x != 0 iff x >u 0

define i1 @src(i64 noundef %x) {
  %c = icmp ne i64 %x, 0
  ret i1 %c
}

define i1 @tgt(i64 noundef %x) {
  %c = icmp ugt i64 %x, 0
  ret i1 %c
}
