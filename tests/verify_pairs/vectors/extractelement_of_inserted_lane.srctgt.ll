; EXPECT: correct
; WHY: extracting the lane just inserted gives the inserted value

define i32 @src(<4 x i32> %v, i32 %x) {
  %w = insertelement <4 x i32> %v, i32 %x, i32 2
  %e = extractelement <4 x i32> %w, i32 2
  ret i32 %e
}

define i32 @tgt(<4 x i32> %v, i32 %x) {
  ret i32 %x
}
