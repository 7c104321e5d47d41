; EXPECT: semantic_error target_more_poisonous
; WHY: select on freeze(c) picks an arm when c is poison; select on c is poison

define i32 @src(i1 %c, i32 noundef %x, i32 noundef %y) {
  %f = freeze i1 %c
  %r = select i1 %f, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i1 %c, i32 noundef %x, i32 noundef %y) {
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}
