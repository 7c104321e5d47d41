; EXPECT: semantic_error value_mismatch
; WHY: srem takes the dividend's sign: -1 %s 2 = -1 but -1 & 1 = 1

define i32 @src(i32 noundef %x) {
  %r = srem i32 %x, 2
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = and i32 %x, 1
  ret i32 %r
}
