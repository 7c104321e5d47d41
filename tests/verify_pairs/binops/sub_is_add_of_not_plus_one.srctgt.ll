; EXPECT: correct
; WHY: x - y == x + ~y + 1

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = sub i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %n = xor i32 %y, -1
  %a = add i32 %x, %n
  %r = add i32 %a, 1
  ret i32 %r
}
