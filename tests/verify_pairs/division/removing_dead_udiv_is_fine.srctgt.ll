; EXPECT: correct
; WHY: removing a division that may be UB only makes tgt more defined

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %d = udiv i32 %x, %y
  %z = mul i32 %d, 0
  %r = add i32 %x, %z
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  ret i32 %x
}
