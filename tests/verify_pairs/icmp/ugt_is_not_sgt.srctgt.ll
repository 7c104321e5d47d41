; EXPECT: semantic_error value_mismatch
; WHY: unsigned and signed order differ when signs differ (-1 >u 0, -1 <s 0)

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp ugt i32 %x, %y
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp sgt i32 %x, %y
  ret i1 %c
}
