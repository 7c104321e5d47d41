; EXPECT: correct
; WHY: disjoint operands never carry, and cannot both be negative, so add nuw nsw holds

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = or disjoint i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = add nuw nsw i32 %x, %y
  ret i32 %r
}
