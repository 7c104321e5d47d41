; EXPECT: semantic_error value_mismatch
; WHY: only powers of two reduce to masks: 4 %u 3 = 1 but 4 & 3 = 0

define i64 @src(i64 noundef %x) {
  %r = urem i64 %x, 3
  ret i64 %r
}

define i64 @tgt(i64 noundef %x) {
  %r = and i64 %x, 3
  ret i64 %r
}
