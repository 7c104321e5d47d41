; EXPECT: correct
; WHY: llvm.vector.reduce.add is the wrapping sum of all lanes

declare i32 @llvm.vector.reduce.add.v4i32(<4 x i32>)

define i32 @src(<4 x i32> noundef %v) {
  %r = call i32 @llvm.vector.reduce.add.v4i32(<4 x i32> %v)
  ret i32 %r
}

define i32 @tgt(<4 x i32> noundef %v) {
  %a = extractelement <4 x i32> %v, i64 0
  %b = extractelement <4 x i32> %v, i64 1
  %c = extractelement <4 x i32> %v, i64 2
  %d = extractelement <4 x i32> %v, i64 3
  %s1 = add i32 %a, %b
  %s2 = add i32 %c, %d
  %s = add i32 %s1, %s2
  ret i32 %s
}
