; EXPECT: correct
; WHY: select on undef may choose either arm

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = select i1 undef, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  ret i32 %y
}
