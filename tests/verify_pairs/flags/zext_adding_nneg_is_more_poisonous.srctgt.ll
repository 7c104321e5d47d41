; EXPECT: semantic_error target_more_poisonous
; WHY: zext nneg is poison when the operand is negative

define i64 @src(i32 noundef %x) {
  %r = zext i32 %x to i64
  ret i64 %r
}

define i64 @tgt(i32 noundef %x) {
  %r = zext nneg i32 %x to i64
  ret i64 %r
}
