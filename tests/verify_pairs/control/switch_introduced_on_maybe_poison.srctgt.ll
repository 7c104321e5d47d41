; EXPECT: semantic_error source_more_defined
; WHY: switch on poison is UB; src's compare-and-select on poison is only poison

define i32 @src(i32 %x) {
  %c = icmp eq i32 %x, 5
  %r = select i1 %c, i32 1, i32 0
  ret i32 %r
}

define i32 @tgt(i32 %x) {
  switch i32 %x, label %d [
    i32 5, label %a
  ]

a:
  ret i32 1

d:
  ret i32 0
}
