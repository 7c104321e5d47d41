; EXPECT: semantic_error value_mismatch
; WHY: x -nuw y never exceeds x, so ugt folds to false, not true

define i1 @src(i32 noundef %x, i32 noundef %y) {
  %s = sub nuw i32 %x, %y
  %c = icmp ugt i32 %s, %x
  ret i1 %c
}

define i1 @tgt(i32 noundef %x, i32 noundef %y) {
  ret i1 true
}
