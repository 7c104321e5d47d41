; EXPECT: semantic_error value_mismatch
; WHY: at x = INT_MAX the poison add nsw is the unchosen arm, so src returns 0, not poison; tgt returns 5

define i32 @src(i32 noundef %x) {
  %a = add nsw i32 %x, 1
  %c = icmp eq i32 %x, 2147483647
  %r = select i1 %c, i32 0, i32 %a
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %a = add nsw i32 %x, 1
  %c = icmp eq i32 %x, 2147483647
  %r = select i1 %c, i32 5, i32 %a
  ret i32 %r
}
