; EXPECT: semantic_error value_mismatch
; WHY: without nuw, x = 261 truncates to 5 but is not 5

define i1 @src(i32 noundef %x) {
  %t = trunc i32 %x to i8
  %c = icmp eq i8 %t, 5
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  %c = icmp eq i32 %x, 5
  ret i1 %c
}
