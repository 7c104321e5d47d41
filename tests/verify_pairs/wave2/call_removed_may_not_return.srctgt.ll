; EXPECT: inconclusive unsupported
; WHY: calls are outside the first wave (later: removing a call that may not return or may write memory is wrong)
; WAVE: 2
; EXPECT-WAVE2: semantic_error

declare void @h()

define i32 @src(i32 noundef %x) {
  call void @h()
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
