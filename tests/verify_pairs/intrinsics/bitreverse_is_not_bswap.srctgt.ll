; EXPECT: semantic_error value_mismatch
; WHY: bitreverse reverses bits, bswap bytes: x = 1 gives 0x8000 vs 0x0100

declare i16 @llvm.bitreverse.i16(i16)
declare i16 @llvm.bswap.i16(i16)

define i16 @src(i16 noundef %x) {
  %r = call i16 @llvm.bitreverse.i16(i16 %x)
  ret i16 %r
}

define i16 @tgt(i16 noundef %x) {
  %r = call i16 @llvm.bswap.i16(i16 %x)
  ret i16 %r
}
