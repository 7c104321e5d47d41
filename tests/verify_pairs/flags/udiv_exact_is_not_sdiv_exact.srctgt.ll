; EXPECT: semantic_error value_mismatch
; WHY: 0x80000000 is divisible by 4, but signed and unsigned quotients differ

define i32 @src(i32 noundef %x) {
  %r = udiv exact i32 %x, 4
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = sdiv exact i32 %x, 4
  ret i32 %r
}
