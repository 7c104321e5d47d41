; EXPECT: semantic_error value_mismatch
; WHY: x >u 5 and x >=u 5 differ at x = 5

define i1 @src(i32 noundef %x) {
  %c = icmp ugt i32 %x, 5
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  %c = icmp uge i32 %x, 5
  ret i1 %c
}
