; EXPECT: semantic_error value_mismatch
; WHY: without nsw, x = INT_MAX: sext(INT_MIN) != INT_MAX + 1

define i64 @src(i32 noundef %x) {
  %a = add i32 %x, 1
  %r = sext i32 %a to i64
  ret i64 %r
}

define i64 @tgt(i32 noundef %x) {
  %s = sext i32 %x to i64
  %r = add nsw i64 %s, 1
  ret i64 %r
}
