; EXPECT: correct
; WHY: add x, 0 is x (additive identity; poison/undef x gives the same set)

define i32 @src(i32 %x) {
  %r = add i32 %x, 0
  ret i32 %r
}

define i32 @tgt(i32 %x) {
  ret i32 %x
}
