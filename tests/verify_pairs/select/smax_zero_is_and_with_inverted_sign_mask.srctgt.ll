; EXPECT: correct
; WHY: max(x, 0) == x & ~(x >>s 31)

define i32 @src(i32 noundef %x) {
  %c = icmp slt i32 %x, 0
  %r = select i1 %c, i32 0, i32 %x
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %s = ashr i32 %x, 31
  %n = xor i32 %s, -1
  %r = and i32 %x, %n
  ret i32 %r
}
