; EXPECT: correct
; WHY: x & x == x

define i32 @src(i32 noundef %x) {
  %r = and i32 %x, %x
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
