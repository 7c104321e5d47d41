; EXPECT: semantic_error target_more_poisonous
; WHY: 1 +nuw 1 = 2 is fine, but or disjoint 1, 1 is poison (shared bit)

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = add nuw i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = or disjoint i32 %x, %y
  ret i32 %r
}
