; EXPECT: semantic_error
; WHY: x & undef only yields values whose bits are within x (x = 0 gives just 0); undef is every value

define i32 @src(i32 noundef %x) {
  %r = and i32 %x, undef
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 undef
}
