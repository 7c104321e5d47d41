; EXPECT: semantic_error target_more_poisonous
; WHY: keeping nsw after pushing freeze makes x = INT_MAX poison where src was frozen

define i32 @src(i32 %x) {
  %a = add nsw i32 %x, 1
  %f = freeze i32 %a
  ret i32 %f
}

define i32 @tgt(i32 %x) {
  %f = freeze i32 %x
  %a = add nsw i32 %f, 1
  ret i32 %a
}
