; EXPECT: correct
; WHY: bswap reverses the bytes, so applying it twice gives x back (poison stays poison)

declare i64 @llvm.bswap.i64(i64)

define i64 @src(i64 %x) {
  %a = call i64 @llvm.bswap.i64(i64 %x)
  %b = call i64 @llvm.bswap.i64(i64 %a)
  ret i64 %b
}

define i64 @tgt(i64 %x) {
  ret i64 %x
}
