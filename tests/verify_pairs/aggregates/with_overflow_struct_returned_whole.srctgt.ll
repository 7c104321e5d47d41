; EXPECT: correct
; WHY: umul.with.overflow returns { product, overflowed } as one struct value

declare { i16, i1 } @llvm.umul.with.overflow.i16(i16, i16)

define { i16, i1 } @src(i16 noundef %a) {
  %r = call { i16, i1 } @llvm.umul.with.overflow.i16(i16 %a, i16 2)
  ret { i16, i1 } %r
}

define { i16, i1 } @tgt(i16 noundef %a) {
  %m = shl i16 %a, 1
  %o = icmp slt i16 %a, 0
  %s0 = insertvalue { i16, i1 } poison, i16 %m, 0
  %s1 = insertvalue { i16, i1 } %s0, i1 %o, 1
  ret { i16, i1 } %s1
}
