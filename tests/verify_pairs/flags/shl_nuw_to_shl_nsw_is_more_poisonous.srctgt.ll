; EXPECT: semantic_error target_more_poisonous
; WHY: 0x20000000 <<nuw 2 loses only zeros but flips the sign, which nsw forbids

define i32 @src(i32 noundef %x) {
  %r = shl nuw i32 %x, 2
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = shl nsw i32 %x, 2
  ret i32 %r
}
