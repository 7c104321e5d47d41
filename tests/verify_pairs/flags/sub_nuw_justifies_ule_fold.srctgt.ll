; EXPECT: correct
; WHY: x -nuw y does not wrap, so the result is <=u x

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %s = sub nuw i32 %x, %y
  %c = icmp ule i32 %s, %x
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  ret i1 true
}
