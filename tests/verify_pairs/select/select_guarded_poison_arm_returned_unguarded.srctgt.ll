; EXPECT: semantic_error target_more_poisonous
; WHY: the poison shift is only in the unchosen arm for y >= 32; returning it unguarded is more poisonous

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %s = shl i32 %x, %y
  %c = icmp ult i32 %y, 32
  %r = select i1 %c, i32 %s, i32 0
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %s = shl i32 %x, %y
  ret i32 %s
}
