; EXPECT: semantic_error value_mismatch
; WHY: x <=s y and x <s y differ when x == y

define i1 @src(i16 noundef %x, i16 noundef %y) {
  %c = icmp sle i16 %x, %y
  ret i1 %c
}

define i1 @tgt(i16 noundef %x, i16 noundef %y) {
  %c = icmp slt i16 %x, %y
  ret i1 %c
}
