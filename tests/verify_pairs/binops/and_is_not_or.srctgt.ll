; EXPECT: semantic_error value_mismatch
; WHY: and and or differ whenever x != y

define i64 @src(i64 noundef %x, i64 noundef %y) {
  %r = and i64 %x, %y
  ret i64 %r
}

define i64 @tgt(i64 noundef %x, i64 noundef %y) {
  %r = or i64 %x, %y
  ret i64 %r
}
