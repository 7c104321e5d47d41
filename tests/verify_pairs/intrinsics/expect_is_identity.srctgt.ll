; EXPECT: correct
; WHY: LangRef llvm.expect returns its first operand; the expected value is only a hint

declare i64 @llvm.expect.i64(i64, i64)

define i64 @src(i64 %x) {
  %r = call i64 @llvm.expect.i64(i64 %x, i64 0)
  ret i64 %r
}

define i64 @tgt(i64 %x) {
  ret i64 %x
}
