; EXPECT: correct
; WHY: division by zero is UB, so any tgt refines src

define i32 @src(i32 %x) {
  %r = udiv i32 %x, 0
  ret i32 %r
}

define i32 @tgt(i32 %x) {
  ret i32 42
}
