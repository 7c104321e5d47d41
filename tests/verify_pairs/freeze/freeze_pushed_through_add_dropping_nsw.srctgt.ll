; EXPECT: correct
; WHY: freeze(x +nsw 1) -> freeze(x) + 1: poison cases become arbitrary values on both sides

define i32 @src(i32 %x) {
  %a = add nsw i32 %x, 1
  %f = freeze i32 %a
  ret i32 %f
}

define i32 @tgt(i32 %x) {
  %f = freeze i32 %x
  %a = add i32 %f, 1
  ret i32 %a
}
