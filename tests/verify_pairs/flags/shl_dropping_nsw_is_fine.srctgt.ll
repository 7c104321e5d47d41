; EXPECT: correct
; WHY: dropping nsw on shl removes poison only

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = shl nsw i32 %x, 3
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = shl i32 %x, 3
  ret i32 %r
}
