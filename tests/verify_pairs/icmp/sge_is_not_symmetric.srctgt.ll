; EXPECT: semantic_error value_mismatch
; WHY: x >=s y and y >=s x differ when x != y

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp sge i32 %x, %y
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp sge i32 %y, %x
  ret i1 %c
}
