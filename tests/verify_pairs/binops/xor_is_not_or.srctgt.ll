; EXPECT: semantic_error value_mismatch
; WHY: x ^ y clears the bits set in both; or keeps them

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = xor i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = or i32 %x, %y
  ret i32 %r
}
