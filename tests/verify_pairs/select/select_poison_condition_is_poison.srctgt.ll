; EXPECT: correct
; WHY: a poison condition makes the select poison

define i32 @src(i32 %x, i32 %y) {
  %r = select i1 poison, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i32 %x, i32 %y) {
  ret i32 7
}
