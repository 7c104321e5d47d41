; EXPECT: semantic_error source_more_defined
; WHY: tgt divides by freeze(y) which can still be 0; src never divides

define i32 @src(i32 noundef %x, i32 %y) {
  ret i32 0
}

define i32 @tgt(i32 noundef %x, i32 %y) {
  %f = freeze i32 %y
  %d = udiv i32 %x, %f
  %r = and i32 %d, 0
  ret i32 %r
}
