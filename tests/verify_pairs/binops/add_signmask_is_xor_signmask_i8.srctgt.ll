; EXPECT: correct
; WHY: adding 0x80 only flips the top bit (the carry out is dropped)

define i8 @src(i8 noundef %x) {
  %r = add i8 %x, -128
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %r = xor i8 %x, -128
  ret i8 %r
}
