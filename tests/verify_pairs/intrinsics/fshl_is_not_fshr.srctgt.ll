; EXPECT: semantic_error value_mismatch
; WHY: fshl takes the high half of (a:b) << c, fshr the low half of (a:b) >> c

declare i8 @llvm.fshl.i8(i8, i8, i8)
declare i8 @llvm.fshr.i8(i8, i8, i8)

define i8 @src(i8 noundef %a, i8 noundef %b) {
  %r = call i8 @llvm.fshl.i8(i8 %a, i8 %b, i8 3)
  ret i8 %r
}

define i8 @tgt(i8 noundef %a, i8 noundef %b) {
  %r = call i8 @llvm.fshr.i8(i8 %a, i8 %b, i8 3)
  ret i8 %r
}
