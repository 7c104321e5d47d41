; EXPECT: semantic_error target_more_poisonous
; WHY: abs(x, false) of INT_MIN is INT_MIN, but 0 -nsw INT_MIN is poison

declare i32 @llvm.abs.i32(i32, i1)

define i32 @src(i32 noundef %x) {
  %r = call i32 @llvm.abs.i32(i32 %x, i1 false)
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %c = icmp slt i32 %x, 0
  %n = sub nsw i32 0, %x
  %r = select i1 %c, i32 %n, i32 %x
  ret i32 %r
}
