; EXPECT: correct
; WHY: icmp eq is symmetric

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp eq i32 %x, %y
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp eq i32 %y, %x
  ret i1 %c
}
