; EXPECT: semantic_error value_mismatch
; WHY: x * 8 is x << 3; shifting by 4 multiplies by 16

define i32 @src(i32 noundef %x) {
  %r = mul i32 %x, 8
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = shl i32 %x, 4
  ret i32 %r
}
