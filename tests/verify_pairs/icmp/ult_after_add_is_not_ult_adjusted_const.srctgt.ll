; EXPECT: semantic_error value_mismatch
; WHY: x + 5 <u 12 wraps for large x (x = -1 gives 4 <u 12) unlike x <u 7

define i1 @src(i32 noundef %x) {
  %a = add i32 %x, 5
  %c = icmp ult i32 %a, 12
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  %c = icmp ult i32 %x, 7
  ret i1 %c
}
