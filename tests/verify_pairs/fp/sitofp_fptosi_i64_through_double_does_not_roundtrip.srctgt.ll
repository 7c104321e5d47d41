; EXPECT: semantic_error value_mismatch
; WHY: 2^53 + 1 is not a double

define i64 @src(i64 noundef %x) {
  %f = sitofp i64 %x to double
  %r = fptosi double %f to i64
  ret i64 %r
}

define i64 @tgt(i64 noundef %x) {
  ret i64 %x
}
