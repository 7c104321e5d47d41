; EXPECT: correct
; WHY: x >u y iff y <u x

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp ugt i32 %x, %y
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp ult i32 %y, %x
  ret i1 %c
}
