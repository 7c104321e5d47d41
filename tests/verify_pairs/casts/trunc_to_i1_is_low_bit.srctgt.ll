; EXPECT: correct
; WHY: trunc to i1 keeps bit 0

define i1 @src(i32 noundef %x) {
  %r = trunc i32 %x to i1
  ret i1 %r
}

define i1 @tgt(i32 noundef %x) {
  %a = and i32 %x, 1
  %r = icmp ne i32 %a, 0
  ret i1 %r
}
