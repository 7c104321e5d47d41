; EXPECT: semantic_error target_more_poisonous
; WHY: udiv exact is poison when the remainder is non-zero (1 /u 3)

define i32 @src(i32 noundef %x) {
  %r = udiv i32 %x, 3
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = udiv exact i32 %x, 3
  ret i32 %r
}
