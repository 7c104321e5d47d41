; EXPECT: semantic_error source_more_defined
; WHY: src's select on x <u 10 is poison for poison x; tgt branches on it: UB

define i32 @src(i32 %x) {
  %c = icmp ult i32 %x, 10
  %r = select i1 %c, i32 %x, i32 10
  ret i32 %r
}

define i32 @tgt(i32 %x) {
  %c = icmp ult i32 %x, 10
  br i1 %c, label %a, label %b

a:
  ret i32 %x

b:
  ret i32 10
}
