; EXPECT: correct
; WHY: freeze acts lane by lane: defined lanes keep their value, a poison lane becomes some fixed value

define i32 @src(<2 x i32> noundef %v) {
  %w = insertelement <2 x i32> %v, i32 poison, i64 1
  %f = freeze <2 x i32> %w
  %e = extractelement <2 x i32> %f, i64 0
  ret i32 %e
}

define i32 @tgt(<2 x i32> noundef %v) {
  %e = extractelement <2 x i32> %v, i64 0
  ret i32 %e
}
