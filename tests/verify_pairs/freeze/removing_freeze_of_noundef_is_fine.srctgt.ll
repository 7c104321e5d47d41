; EXPECT: correct
; WHY: freeze of a noundef value is the value itself

define i32 @src(i32 noundef %x) {
  %f = freeze i32 %x
  ret i32 %f
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
