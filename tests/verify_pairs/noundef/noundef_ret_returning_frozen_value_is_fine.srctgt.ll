; EXPECT: correct
; WHY: tgt returns a frozen value, which is never poison or undef, from a noundef function

define noundef i32 @src(i32 %x) {
  %f = freeze i32 %x
  ret i32 %f
}

define noundef i32 @tgt(i32 %x) {
  %f = freeze i32 %x
  ret i32 %f
}
