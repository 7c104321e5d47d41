; EXPECT: semantic_error value_mismatch
; WHY: x * 7 is (x << 3) - x, not (x << 3) - 1

define i32 @src(i32 noundef %x) {
  %r = mul i32 %x, 7
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %s = shl i32 %x, 3
  %r = sub i32 %s, 1
  ret i32 %r
}
