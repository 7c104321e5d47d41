; EXPECT: semantic_error
; WHY: without noundef x may be undef: x * 2 is even but x + x uses x twice and can be odd

define i8 @src(i8 %x) {
  %r = mul i8 %x, 2
  ret i8 %r
}

define i8 @tgt(i8 %x) {
  %r = add i8 %x, %x
  ret i8 %r
}
