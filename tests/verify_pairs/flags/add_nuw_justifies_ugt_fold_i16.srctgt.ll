; EXPECT: correct
; WHY: x +nuw 1 >u x always holds: the wrapping case is poison

define i1 @src(i16 noundef %x) {
  %a = add nuw i16 %x, 1
  %c = icmp ugt i16 %a, %x
  ret i1 %c
}

define i1 @tgt(i16 noundef %x) {
  ret i1 true
}
