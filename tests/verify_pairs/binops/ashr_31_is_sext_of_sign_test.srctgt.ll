; EXPECT: correct
; WHY: x >>s 31 is all ones when x < 0, else 0

define i32 @src(i32 noundef %x) {
  %r = ashr i32 %x, 31
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %c = icmp slt i32 %x, 0
  %r = sext i1 %c to i32
  ret i32 %r
}
