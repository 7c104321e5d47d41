; EXPECT: semantic_error value_mismatch
; WHY: x - y != y - x unless x == y

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = sub i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = sub i32 %y, %x
  ret i32 %r
}
