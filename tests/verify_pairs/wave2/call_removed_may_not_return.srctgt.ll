; EXPECT: semantic_error return_domain_mismatch
; WHY: calls are outside the first wave (later: removing a call that may not return or may write memory is wrong)

declare void @h()

define i32 @src(i32 noundef %x) {
  call void @h()
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
