; EXPECT: correct
; WHY: x <=s -1 iff x is negative iff x >u 0x7fffffff

define i1 @src(i32 noundef %x) {
  %c = icmp sle i32 %x, -1
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  %c = icmp ugt i32 %x, 2147483647
  ret i1 %c
}
