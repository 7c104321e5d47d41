; EXPECT: correct
; WHY: switch on poison/undef is UB in src; otherwise it always goes to the default

define i32 @src(i32 %x) {
  switch i32 %x, label %d [
  ]

d:
  ret i32 7
}

define i32 @tgt(i32 %x) {
  ret i32 7
}
