; EXPECT: correct
; WHY: select c, undef, x may be chosen as x; x is noundef so tgt is never poison

define i32 @src(i1 %c, i32 noundef %x) {
  %r = select i1 %c, i32 undef, i32 %x
  ret i32 %r
}

define i32 @tgt(i1 %c, i32 noundef %x) {
  ret i32 %x
}
