; EXPECT: correct
; WHY: x << 1 == x + x for a single defined x

define i32 @src(i32 noundef %x) {
  %r = shl i32 %x, 1
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = add i32 %x, %x
  ret i32 %r
}
