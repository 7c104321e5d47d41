; EXPECT: semantic_error target_more_poisonous
; WHY: c = true picks -1 even if x is poison; or (sext c), x is poison

define i32 @src(i1 %c, i32 %x) {
  %r = select i1 %c, i32 -1, i32 %x
  ret i32 %r
}

define i32 @tgt(i1 %c, i32 %x) {
  %s = sext i1 %c to i32
  %r = or i32 %s, %x
  ret i32 %r
}
