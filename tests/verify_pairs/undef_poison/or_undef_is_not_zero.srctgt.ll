; EXPECT: semantic_error value_mismatch
; WHY: or x, undef keeps x's set bits, so it is never 0 when x = 1

define i32 @src(i32 noundef %x) {
  %r = or i32 %x, undef
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 0
}
