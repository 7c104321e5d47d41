; EXPECT: semantic_error value_mismatch
; WHY: and x, undef cannot set bits that are clear in x

define i16 @src(i16 noundef %x) {
  %r = and i16 %x, undef
  ret i16 %r
}

define i16 @tgt(i16 noundef %x) {
  ret i16 -1
}
