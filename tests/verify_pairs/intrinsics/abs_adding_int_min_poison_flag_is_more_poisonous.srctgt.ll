; EXPECT: semantic_error target_more_poisonous
; WHY: abs(INT_MIN, false) = INT_MIN, abs(INT_MIN, true) is poison

declare i8 @llvm.abs.i8(i8, i1)

define i8 @src(i8 noundef %x) {
  %r = call i8 @llvm.abs.i8(i8 %x, i1 false)
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  %r = call i8 @llvm.abs.i8(i8 %x, i1 true)
  ret i8 %r
}
