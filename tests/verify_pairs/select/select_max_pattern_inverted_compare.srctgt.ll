; EXPECT: correct
; WHY: x >u y ? x : y == x <u y ? y : x (equal operands give the same value)

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp ugt i32 %x, %y
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp ult i32 %x, %y
  %r = select i1 %c, i32 %y, i32 %x
  ret i32 %r
}
