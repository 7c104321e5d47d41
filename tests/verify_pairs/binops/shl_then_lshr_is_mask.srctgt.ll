; EXPECT: correct
; WHY: (x << 24) >>u 24 keeps the low 8 bits

define i32 @src(i32 noundef %x) {
  %s = shl i32 %x, 24
  %r = lshr i32 %s, 24
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = and i32 %x, 255
  ret i32 %r
}
