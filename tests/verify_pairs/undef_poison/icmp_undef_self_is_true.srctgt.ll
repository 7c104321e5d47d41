; EXPECT: correct
; WHY: icmp eq undef-x, undef-x may pick equal values, so true refines it

define i1 @src(i32 %x) {
  %c = icmp eq i32 %x, %x
  ret i1 %c
}

define i1 @tgt(i32 %x) {
  ret i1 true
}
