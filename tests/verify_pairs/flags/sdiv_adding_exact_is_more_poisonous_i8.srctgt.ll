; EXPECT: semantic_error target_more_poisonous
; WHY: sdiv exact is poison for -7 /s 2

define i8 @src(i8 noundef %x) {
  %r = sdiv i8 %x, 2
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %r = sdiv exact i8 %x, 2
  ret i8 %r
}
