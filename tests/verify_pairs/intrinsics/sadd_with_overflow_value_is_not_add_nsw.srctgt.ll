; EXPECT: semantic_error target_more_poisonous
; WHY: sadd.with.overflow wraps on overflow (no poison) while add nsw is poison

declare { i8, i1 } @llvm.sadd.with.overflow.i8(i8, i8)

define i8 @src(i8 noundef %a, i8 noundef %b) {
  %s = call { i8, i1 } @llvm.sadd.with.overflow.i8(i8 %a, i8 %b)
  %v = extractvalue { i8, i1 } %s, 0
  ret i8 %v
}

define i8 @tgt(i8 noundef %a, i8 noundef %b) {
  %v = add nsw i8 %a, %b
  ret i8 %v
}
