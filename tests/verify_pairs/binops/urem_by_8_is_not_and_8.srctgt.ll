; EXPECT: semantic_error value_mismatch
; WHY: x %u 8 is x & 7 (off-by-one mask)

define i32 @src(i32 noundef %x) {
  %r = urem i32 %x, 8
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = and i32 %x, 8
  ret i32 %r
}
