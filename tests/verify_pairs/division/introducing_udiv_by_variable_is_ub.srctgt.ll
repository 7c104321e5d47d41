; EXPECT: semantic_error source_more_defined
; WHY: tgt divides by y which may be 0 (UB) where src does not divide

define i32 @src(i32 noundef %x, i32 noundef %y) {
  ret i32 %x
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %d = udiv i32 %x, %y
  %z = mul i32 %d, 0
  %r = add i32 %x, %z
  ret i32 %r
}
