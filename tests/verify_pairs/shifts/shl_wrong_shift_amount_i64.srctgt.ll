; EXPECT: semantic_error value_mismatch
; WHY: x << 3 multiplies by 8, x << 4 by 16

define i64 @src(i64 noundef %x) {
  %r = shl i64 %x, 3
  ret i64 %r
}

define i64 @tgt(i64 noundef %x) {
  %r = shl i64 %x, 4
  ret i64 %r
}
