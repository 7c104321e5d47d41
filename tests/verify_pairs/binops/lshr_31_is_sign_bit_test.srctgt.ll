; EXPECT: correct
; WHY: x >>u 31 is 1 exactly when x is negative

define i32 @src(i32 noundef %x) {
  %r = lshr i32 %x, 31
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %c = icmp slt i32 %x, 0
  %r = zext i1 %c to i32
  ret i32 %r
}
