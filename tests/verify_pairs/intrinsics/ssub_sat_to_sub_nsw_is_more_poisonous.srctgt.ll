; EXPECT: semantic_error target_more_poisonous
; WHY: ssub.sat saturates where sub nsw overflows to poison (e.g. -128 - 1)

declare i8 @llvm.ssub.sat.i8(i8, i8)

define i8 @src(i8 noundef %a, i8 noundef %b) {
  %r = call i8 @llvm.ssub.sat.i8(i8 %a, i8 %b)
  ret i8 %r
}

define i8 @tgt(i8 noundef %a, i8 noundef %b) {
  %r = sub nsw i8 %a, %b
  ret i8 %r
}
