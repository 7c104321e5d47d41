; EXPECT: semantic_error value_mismatch
; WHY: signed and unsigned multiplication overflow differ: (-1) * (-1) overflows unsigned only

declare { i8, i1 } @llvm.smul.with.overflow.i8(i8, i8)
declare { i8, i1 } @llvm.umul.with.overflow.i8(i8, i8)

define i1 @src(i8 noundef %a, i8 noundef %b) {
  %s = call { i8, i1 } @llvm.smul.with.overflow.i8(i8 %a, i8 %b)
  %o = extractvalue { i8, i1 } %s, 1
  ret i1 %o
}

define i1 @tgt(i8 noundef %a, i8 noundef %b) {
  %s = call { i8, i1 } @llvm.umul.with.overflow.i8(i8 %a, i8 %b)
  %o = extractvalue { i8, i1 } %s, 1
  ret i1 %o
}
