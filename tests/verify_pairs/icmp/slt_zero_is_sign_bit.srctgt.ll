; EXPECT: correct
; WHY: x <s 0 iff the sign bit is set

define i1 @src(i32 noundef %x) {
  %c = icmp slt i32 %x, 0
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  %s = lshr i32 %x, 31
  %c = trunc i32 %s to i1
  ret i1 %c
}
