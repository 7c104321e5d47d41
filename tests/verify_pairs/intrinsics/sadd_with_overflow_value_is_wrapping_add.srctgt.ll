; EXPECT: correct
; WHY: the first element of *.with.overflow is the wrapped result, never poison for defined inputs

declare { i8, i1 } @llvm.sadd.with.overflow.i8(i8, i8)

define i8 @src(i8 %a, i8 %b) {
  %s = call { i8, i1 } @llvm.sadd.with.overflow.i8(i8 %a, i8 %b)
  %v = extractvalue { i8, i1 } %s, 0
  ret i8 %v
}

define i8 @tgt(i8 %a, i8 %b) {
  %v = add i8 %a, %b
  ret i8 %v
}
