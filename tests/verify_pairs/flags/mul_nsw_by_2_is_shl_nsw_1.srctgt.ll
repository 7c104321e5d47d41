; EXPECT: correct
; WHY: x *nsw 2 overflows exactly when x <<nsw 1 shifts out a bit unlike the sign

define i32 @src(i32 noundef %x) {
  %r = mul nsw i32 %x, 2
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = shl nsw i32 %x, 1
  ret i32 %r
}
