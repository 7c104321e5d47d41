; EXPECT: correct
; WHY: when no remainder, rounding direction does not matter: sdiv exact == ashr exact

define i32 @src(i32 noundef %x) {
  %r = sdiv exact i32 %x, 4
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = ashr exact i32 %x, 2
  ret i32 %r
}
