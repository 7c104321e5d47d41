; EXPECT: semantic_error value_mismatch
; WHY: x + 0x80 flips the top bit; or 0x80 sets it (x = 0x80 gives 0 vs 0x80)

define i8 @src(i8 noundef %x) {
  %r = add i8 %x, -128
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %r = or i8 %x, -128
  ret i8 %r
}
