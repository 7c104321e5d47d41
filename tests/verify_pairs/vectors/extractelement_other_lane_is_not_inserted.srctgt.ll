; EXPECT: semantic_error value_mismatch
; WHY: insertelement changes only its own lane: lane 1 keeps v's value

define i32 @src(<4 x i32> noundef %v, i32 noundef %x) {
  %w = insertelement <4 x i32> %v, i32 %x, i32 2
  %e = extractelement <4 x i32> %w, i32 1
  ret i32 %e
}

define i32 @tgt(<4 x i32> noundef %v, i32 noundef %x) {
  ret i32 %x
}
