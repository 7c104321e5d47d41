; EXPECT: semantic_error value_mismatch
; WHY: x +nsw 1 is never <s x, so the compare folds to false, not true

define i1 @src(i32 noundef %x) {
  %a = add nsw i32 %x, 1
  %c = icmp slt i32 %a, %x
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  ret i1 true
}
