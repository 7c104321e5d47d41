; EXPECT: semantic_error target_more_poisonous
; WHY: or disjoint is poison when the operands share a set bit

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = or i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = or disjoint i32 %x, %y
  ret i32 %r
}
