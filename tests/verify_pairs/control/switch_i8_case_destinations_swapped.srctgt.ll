; EXPECT: semantic_error value_mismatch
; WHY: case 0 goes to 10 and case -1 to 20, not the other way round

define i8 @src(i8 noundef %x) {
  switch i8 %x, label %d [
    i8 0, label %a
    i8 -1, label %b
  ]

a:
  ret i8 10

b:
  ret i8 20

d:
  ret i8 30
}

define i8 @tgt(i8 noundef %x) {
  %c0 = icmp eq i8 %x, 0
  %c1 = icmp eq i8 %x, -1
  %s = select i1 %c1, i8 10, i8 30
  %r = select i1 %c0, i8 20, i8 %s
  ret i8 %r
}
