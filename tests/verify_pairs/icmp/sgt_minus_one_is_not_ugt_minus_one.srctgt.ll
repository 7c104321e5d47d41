; EXPECT: semantic_error value_mismatch
; WHY: x >u -1 is always false, x >s -1 is not

define i1 @src(i32 noundef %x) {
  %c = icmp sgt i32 %x, -1
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  %c = icmp ugt i32 %x, -1
  ret i1 %c
}
