; EXPECT: semantic_error value_mismatch
; WHY: x = 0x80000000 is negative but not >u 0x80000000 (off by one)

define i1 @src(i32 noundef %x) {
  %c = icmp sle i32 %x, -1
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  %c = icmp ugt i32 %x, -2147483648
  ret i1 %c
}
