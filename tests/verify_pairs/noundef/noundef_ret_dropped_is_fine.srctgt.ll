; EXPECT: correct
; WHY: dropping noundef from the return removes UB only

define noundef i32 @src(i32 %x, i32 %y) {
  %a = add nsw i32 %x, %y
  ret i32 %a
}

define i32 @tgt(i32 %x, i32 %y) {
  %a = add nsw i32 %x, %y
  ret i32 %a
}
