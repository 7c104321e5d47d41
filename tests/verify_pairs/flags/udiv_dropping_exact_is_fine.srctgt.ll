; EXPECT: correct
; WHY: dropping exact removes poison only

define i32 @src(i32 noundef %x) {
  %r = udiv exact i32 %x, 3
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = udiv i32 %x, 3
  ret i32 %r
}
