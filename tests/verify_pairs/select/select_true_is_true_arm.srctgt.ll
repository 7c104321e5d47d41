; EXPECT: correct
; WHY: select true picks the first arm

define i32 @src(i32 %x, i32 %y) {
  %r = select i1 true, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i32 %x, i32 %y) {
  ret i32 %x
}
