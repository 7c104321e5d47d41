; EXPECT: correct
; WHY: abs(x, true) is poison at INT_MIN where abs(x, false) is INT_MIN; dropping the flag only removes poison

declare i8 @llvm.abs.i8(i8, i1)

define i8 @src(i8 %x) {
  %r = call i8 @llvm.abs.i8(i8 %x, i1 true)
  ret i8 %r
}

define i8 @tgt(i8 %x) {
  %r = call i8 @llvm.abs.i8(i8 %x, i1 false)
  ret i8 %r
}
