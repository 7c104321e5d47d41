; EXPECT: semantic_error value_mismatch
; WHY: x ^ y != 0 means x != y, which includes x <u y

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %a = xor i32 %x, %y
  %c = icmp ne i32 %a, 0
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp ugt i32 %x, %y
  ret i1 %c
}
