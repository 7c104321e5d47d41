; EXPECT: semantic_error value_mismatch
; WHY: x <u y and x <=u y differ when x == y

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp ult i32 %x, %y
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp ule i32 %x, %y
  ret i1 %c
}
