; EXPECT: semantic_error value_mismatch
; WHY: sdiv rounds toward zero, ashr toward -inf (-1 /s 4 = 0, -1 >>s 2 = -1)

define i32 @src(i32 noundef %x) {
  %r = sdiv i32 %x, 4
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = ashr i32 %x, 2
  ret i32 %r
}
