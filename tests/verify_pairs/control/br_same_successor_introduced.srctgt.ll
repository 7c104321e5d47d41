; EXPECT: semantic_error source_more_defined
; WHY: tgt branches on a maybe-poison c where src did not: UB

define i32 @src(i1 %c, i32 %x) {
  ret i32 %x
}

define i32 @tgt(i1 %c, i32 %x) {
  br i1 %c, label %m, label %m

m:
  ret i32 %x
}
