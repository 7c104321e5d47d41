; EXPECT: semantic_error target_more_poisonous
; WHY: ctlz(0, false) = bit width; with is_zero_poison = true it is poison

declare i32 @llvm.ctlz.i32(i32, i1)

define i32 @src(i32 noundef %x) {
  %r = call i32 @llvm.ctlz.i32(i32 %x, i1 false)
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = call i32 @llvm.ctlz.i32(i32 %x, i1 true)
  ret i32 %r
}
