; EXPECT: correct
; WHY: switch x [5 -> 1], default 0 == zext(x == 5)

define i32 @src(i32 noundef %x) {
  switch i32 %x, label %d [
    i32 5, label %a
  ]

a:
  ret i32 1

d:
  ret i32 0
}

define i32 @tgt(i32 noundef %x) {
  %c = icmp eq i32 %x, 5
  %r = zext i1 %c to i32
  ret i32 %r
}
