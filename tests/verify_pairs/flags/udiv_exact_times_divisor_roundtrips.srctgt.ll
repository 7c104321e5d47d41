; EXPECT: correct
; WHY: (x /exact 3) * 3 == x since the remainder is 0 whenever not poison

define i32 @src(i32 noundef %x) {
  %d = udiv exact i32 %x, 3
  %r = mul i32 %d, 3
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
