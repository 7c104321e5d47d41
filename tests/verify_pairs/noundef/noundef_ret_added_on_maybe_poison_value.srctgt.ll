; EXPECT: semantic_error source_more_defined
; WHY: returning poison from a noundef-return function is UB; src (no noundef) just returns poison at x = INT_MAX

define i32 @src(i32 %x) {
  %a = add nsw i32 %x, 1
  ret i32 %a
}

define noundef i32 @tgt(i32 %x) {
  %a = add nsw i32 %x, 1
  ret i32 %a
}
