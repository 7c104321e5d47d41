; EXPECT: semantic_error target_more_poisonous
; WHY: c = true, x = poison: src returns undef (not poison) but tgt returns poison

define i32 @src(i1 %c, i32 %x) {
  %r = select i1 %c, i32 undef, i32 %x
  ret i32 %r
}

define i32 @tgt(i1 %c, i32 %x) {
  ret i32 %x
}
