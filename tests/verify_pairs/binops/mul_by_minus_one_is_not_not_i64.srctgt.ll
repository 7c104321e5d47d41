; EXPECT: semantic_error value_mismatch
; WHY: -x is ~x + 1, so x * -1 differs from ~x by one

define i64 @src(i64 noundef %x) {
  %r = mul i64 %x, -1
  ret i64 %r
}

define i64 @tgt(i64 noundef %x) {
  %r = xor i64 %x, -1
  ret i64 %r
}
