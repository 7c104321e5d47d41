; EXPECT: semantic_error value_mismatch
; WHY: smin compares signed, umin unsigned: smin(-1, 0) = -1 but umin(-1, 0) = 0

declare i8 @llvm.smin.i8(i8, i8)
declare i8 @llvm.umin.i8(i8, i8)

define i8 @src(i8 noundef %x, i8 noundef %y) {
  %r = call i8 @llvm.smin.i8(i8 %x, i8 %y)
  ret i8 %r
}

define i8 @tgt(i8 noundef %x, i8 noundef %y) {
  %r = call i8 @llvm.umin.i8(i8 %x, i8 %y)
  ret i8 %r
}
