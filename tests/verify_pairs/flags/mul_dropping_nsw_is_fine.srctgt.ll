; EXPECT: correct
; WHY: dropping nsw on mul removes poison only

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = mul nsw i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = mul i32 %x, %y
  ret i32 %r
}
