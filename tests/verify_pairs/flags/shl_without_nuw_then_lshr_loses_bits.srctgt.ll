; EXPECT: semantic_error value_mismatch
; WHY: without nuw the top 3 bits are lost

define i32 @src(i32 noundef %x) {
  %s = shl i32 %x, 3
  %r = lshr i32 %s, 3
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
