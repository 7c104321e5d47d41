; EXPECT: semantic_error value_mismatch
; WHY: negative x is != 0 but not >s 0

define i1 @src(i64 noundef %x) {
  %c = icmp ne i64 %x, 0
  ret i1 %c
}

define i1 @tgt(i64 noundef %x) {
  %c = icmp sgt i64 %x, 0
  ret i1 %c
}
