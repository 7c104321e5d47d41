; EXPECT: correct
; WHY: x <s 0 ? -x : x == x >s -1 ? x : -x

define i32 @src(i32 noundef %x) {
  %c = icmp slt i32 %x, 0
  %n = sub i32 0, %x
  %r = select i1 %c, i32 %n, i32 %x
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %c = icmp sgt i32 %x, -1
  %n = sub i32 0, %x
  %r = select i1 %c, i32 %x, i32 %n
  ret i32 %r
}
