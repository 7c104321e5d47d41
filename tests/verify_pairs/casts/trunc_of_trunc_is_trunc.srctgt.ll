; EXPECT: correct
; WHY: truncations compose

define i8 @src(i64 %x) {
  %a = trunc i64 %x to i32
  %r = trunc i32 %a to i8
  ret i8 %r
}

define i8 @tgt(i64 %x) {
  %r = trunc i64 %x to i8
  ret i8 %r
}
