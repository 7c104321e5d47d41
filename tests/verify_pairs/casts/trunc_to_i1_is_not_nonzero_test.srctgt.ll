; EXPECT: semantic_error value_mismatch
; WHY: trunc to i1 keeps bit 0 only: x = 2 truncates to false

define i1 @src(i32 noundef %x) {
  %r = trunc i32 %x to i1
  ret i1 %r
}

define i1 @tgt(i32 noundef %x) {
  %r = icmp ne i32 %x, 0
  ret i1 %r
}
