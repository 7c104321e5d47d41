; EXPECT: semantic_error value_mismatch
; WHY: usub.sat clamps at 0: usub.sat(0, 1) = 0 but 0 - 1 = 255

declare i8 @llvm.usub.sat.i8(i8, i8)

define i8 @src(i8 noundef %a, i8 noundef %b) {
  %r = call i8 @llvm.usub.sat.i8(i8 %a, i8 %b)
  ret i8 %r
}

define i8 @tgt(i8 noundef %a, i8 noundef %b) {
  %r = sub i8 %a, %b
  ret i8 %r
}
