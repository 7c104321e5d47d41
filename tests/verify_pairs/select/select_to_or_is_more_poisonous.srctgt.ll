; EXPECT: semantic_error target_more_poisonous
; WHY: select c, true, x ignores a poison x when c is true; or c, x does not

define i1 @src(i1 %c, i1 %x) {
  %r = select i1 %c, i1 true, i1 %x
  ret i1 %r
}

define i1 @tgt(i1 %c, i1 %x) {
  %r = or i1 %c, %x
  ret i1 %r
}
