; EXPECT: correct
; WHY: LangRef range(i8 0, 10) on a parameter: a value outside [0, 10) is poison, so the compare may fold to true

define i1 @src(i8 range(i8 0, 10) %x) {
  %c = icmp ult i8 %x, 10
  ret i1 %c
}

define i1 @tgt(i8 range(i8 0, 10) %x) {
  ret i1 true
}
