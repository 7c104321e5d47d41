; EXPECT: correct
; WHY: cases 1 and 2 to one block == (x - 1) <u 2

define i32 @src(i32 noundef %x) {
  switch i32 %x, label %d [
    i32 1, label %a
    i32 2, label %a
  ]

a:
  ret i32 10

d:
  ret i32 20
}

define i32 @tgt(i32 noundef %x) {
  %s = add i32 %x, -1
  %c = icmp ult i32 %s, 2
  %r = select i1 %c, i32 10, i32 20
  ret i32 %r
}
