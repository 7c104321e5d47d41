; EXPECT: semantic_error value_mismatch
; WHY: x - (x /u y) * y is urem; for x = -1, y = 2 srem is -1 but the expansion gives 1

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = srem i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %d = udiv i32 %x, %y
  %m = mul i32 %d, %y
  %r = sub i32 %x, %m
  ret i32 %r
}
