; EXPECT: semantic_error value_mismatch
; WHY: signed max picks 1 over -1; unsigned max picks -1

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp sgt i32 %x, %y
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp ugt i32 %x, %y
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}
