; EXPECT: correct
; WHY: LangRef sshl.sat: a shift amount >= the bit width gives poison, so anything refines

declare i8 @llvm.sshl.sat.i8(i8, i8)

define i8 @src(i8 noundef %x) {
  %r = call i8 @llvm.sshl.sat.i8(i8 %x, i8 8)
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  ret i8 7
}
