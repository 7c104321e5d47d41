; EXPECT: semantic_error target_more_poisonous
; WHY: plain x * 2 wraps; shl nsw makes x = 0x40000000 poison

define i32 @src(i32 noundef %x) {
  %r = mul i32 %x, 2
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = shl nsw i32 %x, 1
  ret i32 %r
}
