; EXPECT: semantic_error value_mismatch
; WHY: masking the amount with 15 changes shifts by 16..31, which are defined in i32

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = lshr i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %m = and i32 %y, 15
  %r = lshr i32 %x, %m
  ret i32 %r
}
