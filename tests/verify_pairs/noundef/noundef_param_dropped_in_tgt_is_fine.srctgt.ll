; EXPECT: correct
; WHY: dropping noundef from a parameter makes tgt defined on more inputs

define i32 @src(i32 noundef %x) {
  %a = add i32 %x, 1
  ret i32 %a
}

define i32 @tgt(i32 %x) {
  %a = add i32 %x, 1
  ret i32 %a
}
