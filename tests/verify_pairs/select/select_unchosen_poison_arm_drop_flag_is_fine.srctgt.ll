; EXPECT: correct
; WHY: the poison arm of src is never chosen at x = INT_MAX; tgt computes the same values without the flag

define i32 @src(i32 noundef %x) {
  %a = add nsw i32 %x, 1
  %c = icmp eq i32 %x, 2147483647
  %r = select i1 %c, i32 0, i32 %a
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %a = add i32 %x, 1
  %c = icmp eq i32 %x, 2147483647
  %r = select i1 %c, i32 0, i32 %a
  ret i32 %r
}
