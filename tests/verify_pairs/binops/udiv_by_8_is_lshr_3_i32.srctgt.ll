; EXPECT: correct
; WHY: unsigned division by 2^k is a logical shift right by k

define i32 @src(i32 %x) {
  %r = udiv i32 %x, 8
  ret i32 %r
}

define i32 @tgt(i32 %x) {
  %r = lshr i32 %x, 3
  ret i32 %r
}
