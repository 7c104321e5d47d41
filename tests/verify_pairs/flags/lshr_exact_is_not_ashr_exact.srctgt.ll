; EXPECT: semantic_error value_mismatch
; WHY: same poison cases, but for negative x the fill bits differ

define i32 @src(i32 noundef %x) {
  %r = lshr exact i32 %x, 3
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = ashr exact i32 %x, 3
  ret i32 %r
}
