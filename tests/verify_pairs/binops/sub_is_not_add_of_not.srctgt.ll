; EXPECT: semantic_error value_mismatch
; WHY: x + ~y is x - y - 1 (two's complement negation is ~y + 1)

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = sub i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %n = xor i32 %y, -1
  %r = add i32 %x, %n
  ret i32 %r
}
