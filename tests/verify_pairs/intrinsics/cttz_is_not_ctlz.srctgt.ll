; EXPECT: semantic_error value_mismatch
; WHY: trailing and leading zero counts differ (x = 1: cttz 0, ctlz 15)

declare i16 @llvm.cttz.i16(i16, i1)
declare i16 @llvm.ctlz.i16(i16, i1)

define i16 @src(i16 noundef %x) {
  %r = call i16 @llvm.cttz.i16(i16 %x, i1 false)
  ret i16 %r
}

define i16 @tgt(i16 noundef %x) {
  %r = call i16 @llvm.ctlz.i16(i16 %x, i1 false)
  ret i16 %r
}
