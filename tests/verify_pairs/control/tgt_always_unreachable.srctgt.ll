; EXPECT: semantic_error source_more_defined
; WHY: tgt that is always UB does not refine a src that returns

define i32 @src(i32 %x) {
  ret i32 0
}

define i32 @tgt(i32 %x) {
  unreachable
}
