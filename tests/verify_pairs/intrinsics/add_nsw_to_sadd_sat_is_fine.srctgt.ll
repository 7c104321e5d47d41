; EXPECT: correct
; WHY: where add nsw is not poison there is no overflow and sadd.sat is the plain sum

declare i8 @llvm.sadd.sat.i8(i8, i8)

define i8 @src(i8 %a, i8 %b) {
  %r = add nsw i8 %a, %b
  ret i8 %r
}

define i8 @tgt(i8 %a, i8 %b) {
  %r = call i8 @llvm.sadd.sat.i8(i8 %a, i8 %b)
  ret i8 %r
}
