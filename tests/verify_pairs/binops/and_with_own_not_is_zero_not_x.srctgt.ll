; EXPECT: semantic_error value_mismatch
; WHY: x & ~x is 0, not x

define i32 @src(i32 noundef %x) {
  %n = xor i32 %x, -1
  %r = and i32 %x, %n
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
