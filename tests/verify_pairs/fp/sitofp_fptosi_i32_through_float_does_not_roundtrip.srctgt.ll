; EXPECT: semantic_error value_mismatch
; WHY: 16777217 rounds to 16777216.0 in float

define i32 @src(i32 noundef %x) {
  %f = sitofp i32 %x to float
  %r = fptosi float %f to i32
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
