; EXPECT: correct
; WHY: or x, undef may choose undef = 1

define i32 @src(i32 noundef %x) {
  %r = or i32 %x, undef
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = or i32 %x, 1
  ret i32 %r
}
