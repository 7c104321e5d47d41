; EXPECT: semantic_error value_mismatch
; WHY: (x & 8) == 0 tests one bit; x <u 8 tests all higher bits too

define i1 @src(i32 noundef %x) {
  %a = and i32 %x, 8
  %c = icmp eq i32 %a, 0
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  %c = icmp ult i32 %x, 8
  ret i1 %c
}
