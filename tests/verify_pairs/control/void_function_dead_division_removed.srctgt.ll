; EXPECT: correct
; WHY: a void function with no memory effects is only UB-or-return; dropping its UB is fine

define void @src(i32 noundef %x, i32 noundef %y) {
  %d = udiv i32 %x, %y
  ret void
}

define void @tgt(i32 noundef %x, i32 noundef %y) {
  ret void
}
