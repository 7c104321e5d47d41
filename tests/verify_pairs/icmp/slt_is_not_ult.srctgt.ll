; EXPECT: semantic_error value_mismatch
; WHY: x <s y and x <u y differ when the signs differ

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp slt i32 %x, %y
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp ult i32 %x, %y
  ret i1 %c
}
