; EXPECT: semantic_error value_mismatch
; WHY: without nsw, INT_MAX + 1 wraps to INT_MIN and the compare is false

define i1 @src(i32 noundef %x) {
  %a = add i32 %x, 1
  %c = icmp sgt i32 %a, %x
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  ret i1 true
}
