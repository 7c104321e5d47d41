; EXPECT: correct
; WHY: LangRef extractelement: an index past the end gives poison

define i32 @src(<4 x i32> %v) {
  %e = extractelement <4 x i32> %v, i64 4
  ret i32 %e
}

define i32 @tgt(<4 x i32> %v) {
  ret i32 7
}
