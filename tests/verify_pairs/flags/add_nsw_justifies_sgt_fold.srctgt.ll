; EXPECT: correct
; WHY: x +nsw 1 >s x always holds: the overflowing case is poison

define i1 @src(i32 noundef %x) {
  %a = add nsw i32 %x, 1
  %c = icmp sgt i32 %a, %x
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  ret i1 true
}
