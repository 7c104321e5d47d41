; EXPECT: correct
; WHY: x + 5 == 12 iff x == 7 (addition is a bijection modulo 2^n)

define i1 @src(i32 noundef %x) {
  %a = add i32 %x, 5
  %c = icmp eq i32 %a, 12
  ret i1 %c
}

define i1 @tgt(i32 noundef %x) {
  %c = icmp eq i32 %x, 7
  ret i1 %c
}
