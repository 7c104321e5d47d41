; EXPECT: correct
; WHY: select c, poison, x is poison or x, so x refines it

define i32 @src(i1 %c, i32 %x) {
  %r = select i1 %c, i32 poison, i32 %x
  ret i32 %r
}

define i32 @tgt(i1 %c, i32 %x) {
  ret i32 %x
}
