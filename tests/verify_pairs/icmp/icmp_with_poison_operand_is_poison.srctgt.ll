; EXPECT: correct
; WHY: icmp with a poison operand yields poison, refined by any constant

define i1 @src(i32 %x) {
  %c = icmp eq i32 %x, poison
  ret i1 %c
}

define i1 @tgt(i32 %x) {
  ret i1 true
}
