; EXPECT: semantic_error target_more_poisonous
; WHY: -1 /s 4 is 0; ashr exact -1, 2 shifts out set bits: poison

define i32 @src(i32 noundef %x) {
  %r = sdiv i32 %x, 4
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = ashr exact i32 %x, 2
  ret i32 %r
}
