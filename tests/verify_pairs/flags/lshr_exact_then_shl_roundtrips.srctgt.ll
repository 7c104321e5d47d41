; EXPECT: correct
; WHY: lshr exact shifts out only zeros, so shl restores x

define i32 @src(i32 noundef %x) {
  %s = lshr exact i32 %x, 2
  %r = shl i32 %s, 2
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
