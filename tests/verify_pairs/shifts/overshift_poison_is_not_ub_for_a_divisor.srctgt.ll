; EXPECT: semantic_error source_more_defined
; WHY: src lshr by y >= 32 is only poison; tgt divides by (1 << y), a poison divisor, which is UB

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = lshr i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %p = shl i32 1, %y
  %r = udiv i32 %x, %p
  ret i32 %r
}
